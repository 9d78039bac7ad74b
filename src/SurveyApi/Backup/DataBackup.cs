using System.Security.Cryptography;
using System.Text.Json;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Backup;

/// <summary>
/// A consistent copy of the data while the server keeps taking ratings, and its way back. The database is copied from
/// one snapshot (SQLite's online backup API, or pg_dump on PostgreSQL: see <see cref="IBackupDatabase"/>), so the copy
/// holds exactly the ratings committed when it started (every rating acknowledged before the backup began) and writers
/// are never held up. Beside it: what the data folder holds besides the database (data-protection keys, the QR signing
/// key, an uploaded catalog, archived report files of older versions). A manifest lists every file with its SHA-256 so
/// a restore refuses a damaged or incomplete copy.
/// </summary>
public static class DataBackup
{
    public const string ManifestName = "backup.json";
    /// <summary>What a data folder holds besides the database; anything else (the -wal and -shm files) is not copied.</summary>
    private static readonly string[] Companions = ["keys", "qr-signing.key", "catalog.json", "reports"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<BackupManifest> CreateAsync(IBackupDatabase database, string dataDirectory, string target, TimeProvider clock,
        CancellationToken ct = default)
    {
        target = Path.GetFullPath(target);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new BackupException($"Thư mục sao lưu phải trống: {target} (the backup folder must be empty or new).");
        if (IsInside(target, dataDirectory)) throw new BackupException($"Thư mục sao lưu không được nằm trong thư mục dữ liệu: {target}.");
        await database.CheckSourceAsync(ct);
        PrivateFiles.CreateFolder(target);

        var startedAt = clock.GetUtcNow();
        var copy = SafePath.Under(target, database.FileName);
        var (ratings, schemaVersion) = await database.CopyAsync(copy, ct);

        var files = new List<BackupFile> { Describe(target, copy) };
        foreach (var name in Companions)
        {
            var path = SafePath.Under(dataDirectory, name);
            if (File.Exists(path)) files.Add(await CopyFileAsync(path, SafePath.Under(target, name), target, ct));
            else if (Directory.Exists(path))
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    files.Add(await CopyFileAsync(file, SafePath.Under(target, Path.GetRelativePath(dataDirectory, file)), target, ct));
        }

        var manifest = new BackupManifest(1, startedAt, VietnamTime.ToLocal(startedAt), schemaVersion, ratings, files, database.Provider);
        PrivateFiles.WriteAllText(SafePath.Under(target, ManifestName), JsonSerializer.Serialize(manifest, Json));
        return manifest;
    }

    /// <summary>Puts a backup into a database that is empty (and its data folder); checks every file against the manifest first.</summary>
    public static async Task<BackupManifest> RestoreAsync(IBackupDatabase database, string backup, string dataDirectory, CancellationToken ct = default)
    {
        backup = Path.GetFullPath(backup);
        var manifestPath = SafePath.Under(backup, ManifestName);
        if (!File.Exists(manifestPath)) throw new BackupException($"Không phải thư mục sao lưu (thiếu {ManifestName}): {backup}.");
        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestPath, ct), Json)
                       ?? throw new BackupException($"{ManifestName} trống: {backup}.");
        if (!string.Equals(manifest.Provider ?? IBackupDatabase.Sqlite, database.Provider, StringComparison.OrdinalIgnoreCase))
            throw new BackupException($"Bản sao lưu này của {manifest.Provider ?? IBackupDatabase.Sqlite}, máy chủ được cấu hình dùng {database.Provider} " +
                                      "(the backup was made from another storage provider; copy-to-postgres moves a SQLite ward to PostgreSQL).");
        await database.CheckTargetIsEmptyAsync(ct);

        foreach (var file in manifest.Files)
        {
            var path = SafePath.Under(backup, file.Path);
            if (!File.Exists(path)) throw new BackupException($"Bản sao lưu thiếu tệp {file.Path}.");
            if (await HashAsync(path, ct) != file.Sha256) throw new BackupException($"Tệp {file.Path} trong bản sao lưu đã bị thay đổi hoặc hỏng (SHA-256 differs).");
        }
        var copy = SafePath.Under(backup, database.FileName);
        await database.CheckCopyAsync(copy, ct);

        PrivateFiles.CreateFolder(dataDirectory);
        // The database last: a server started on a half-restored folder finds no database rather than half of one.
        foreach (var file in manifest.Files.Where(f => f.Path != database.FileName))
            await CopyFileAsync(SafePath.Under(backup, file.Path), SafePath.Under(dataDirectory, file.Path), dataDirectory, ct);
        await database.RestoreAsync(copy, ct);
        return manifest;
    }

    internal static async Task<BackupFile> CopyFileAsync(string from, string to, string root, CancellationToken ct)
    {
        PrivateFiles.CreateFolder(Path.GetDirectoryName(to)!);
        await PrivateFiles.WriteAllBytesAsync(to, await File.ReadAllBytesAsync(from, ct), ct);
        return Describe(root, to);
    }

    private static BackupFile Describe(string root, string path) =>
        new(Path.GetRelativePath(root, path).Replace('\\', '/'), new FileInfo(path).Length, HashAsync(path, CancellationToken.None).GetAwaiter().GetResult());

    private static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    private static bool IsInside(string path, string folder)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(folder), path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }
}

/// <param name="StartedAt">When the copy's snapshot was taken (UTC): every rating acknowledged before it is in the copy.</param>
/// <param name="Provider">sqlite or postgres; absent in backups made before PostgreSQL backups existed (SQLite).</param>
public sealed record BackupManifest(
    int Format,
    DateTimeOffset StartedAt,
    DateTimeOffset StartedAtLocal,
    int SchemaVersion,
    long Ratings,
    IReadOnlyList<BackupFile> Files,
    string? Provider = null);

public sealed record BackupFile(string Path, long Bytes, string Sha256);

/// <summary>A backup or restore that cannot go on; the message says why, in Vietnamese first.</summary>
public sealed class BackupException(string message) : Exception(message);
