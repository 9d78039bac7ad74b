using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Data.Sqlite;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Backup;

/// <summary>
/// A consistent copy of a data folder while the server keeps taking ratings, and its way back. The database is copied
/// with SQLite's online backup API: one read transaction over the whole file, so the copy holds exactly the ratings
/// committed when it started (every rating acknowledged before the backup began) and writers are never held up (WAL).
/// Beside it: the data-protection keys, the QR signing key, an uploaded catalog and the archived report files. A
/// manifest lists every file with its SHA-256 so a restore refuses a damaged or incomplete copy.
/// </summary>
public static class DataBackup
{
    public const string ManifestName = "backup.json";
    private const string DatabaseName = "parsurvey.db";
    /// <summary>What a data folder holds besides the database; anything else (the -wal and -shm files) is not copied.</summary>
    private static readonly string[] Companions = ["keys", "qr-signing.key", "catalog.json", "reports"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<BackupManifest> CreateAsync(string dataDirectory, string target, TimeProvider clock, CancellationToken ct = default)
    {
        var source = SafePath.Under(dataDirectory, DatabaseName);
        if (!File.Exists(source)) throw new BackupException($"Không có cơ sở dữ liệu để sao lưu: {source} (no database at this path).");
        target = Path.GetFullPath(target);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new BackupException($"Thư mục sao lưu phải trống: {target} (the backup folder must be empty or new).");
        if (IsInside(target, dataDirectory)) throw new BackupException($"Thư mục sao lưu không được nằm trong thư mục dữ liệu: {target}.");
        PrivateFiles.CreateFolder(target);

        var startedAt = clock.GetUtcNow();
        var copy = SafePath.Under(target, DatabaseName);
        PrivateFiles.EnsureFile(copy);
        long ratings;
        int schemaVersion;
        using (var from = Open(source, SqliteOpenMode.ReadWrite))
        using (var to = Open(copy, SqliteOpenMode.ReadWrite))
        {
            from.BackupDatabase(to); // sqlite3_backup_step(-1): the whole file from one snapshot
            // The copy is a plain rollback-journal file: one file, nothing left in a WAL beside it.
            Execute(to, "PRAGMA journal_mode = DELETE;");
            (ratings, schemaVersion) = Describe(to);
        }

        var files = new List<BackupFile> { Describe(target, copy) };
        foreach (var name in Companions)
        {
            var path = SafePath.Under(dataDirectory, name);
            if (File.Exists(path)) files.Add(await CopyFileAsync(path, SafePath.Under(target, name), target, ct));
            else if (Directory.Exists(path))
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    files.Add(await CopyFileAsync(file, SafePath.Under(target, Path.GetRelativePath(dataDirectory, file)), target, ct));
        }

        var manifest = new BackupManifest(1, startedAt, VietnamTime.ToLocal(startedAt), schemaVersion, ratings, files);
        PrivateFiles.WriteAllText(SafePath.Under(target, ManifestName), JsonSerializer.Serialize(manifest, Json));
        return manifest;
    }

    /// <summary>Puts a backup into a data folder that has no database yet; checks every file against the manifest first.</summary>
    public static async Task<BackupManifest> RestoreAsync(string backup, string dataDirectory, CancellationToken ct = default)
    {
        backup = Path.GetFullPath(backup);
        var manifestPath = SafePath.Under(backup, ManifestName);
        if (!File.Exists(manifestPath)) throw new BackupException($"Không phải thư mục sao lưu (thiếu {ManifestName}): {backup}.");
        var manifest = JsonSerializer.Deserialize<BackupManifest>(await File.ReadAllTextAsync(manifestPath, ct), Json)
                       ?? throw new BackupException($"{ManifestName} trống: {backup}.");
        if (File.Exists(SafePath.Under(dataDirectory, DatabaseName)))
            throw new BackupException($"Thư mục dữ liệu đã có cơ sở dữ liệu: {dataDirectory}. Khôi phục vào một thư mục trống, hoặc chuyển dữ liệu cũ đi trước (the data folder already has a database).");

        foreach (var file in manifest.Files)
        {
            var path = SafePath.Under(backup, file.Path);
            if (!File.Exists(path)) throw new BackupException($"Bản sao lưu thiếu tệp {file.Path}.");
            if (await HashAsync(path, ct) != file.Sha256) throw new BackupException($"Tệp {file.Path} trong bản sao lưu đã bị thay đổi hoặc hỏng (SHA-256 differs).");
        }
        using (var check = Open(SafePath.Under(backup, DatabaseName), SqliteOpenMode.ReadOnly))
        {
            using var command = check.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            var answer = (string?)command.ExecuteScalar();
            if (answer != "ok") throw new BackupException($"Cơ sở dữ liệu trong bản sao lưu không toàn vẹn: {answer}.");
        }

        PrivateFiles.CreateFolder(dataDirectory);
        // The database last, under a temporary name renamed at the end: a server started on a half-restored folder
        // finds no database rather than half of one.
        foreach (var file in manifest.Files.Where(f => f.Path != DatabaseName))
            await CopyFileAsync(SafePath.Under(backup, file.Path), SafePath.Under(dataDirectory, file.Path), dataDirectory, ct);
        var pending = SafePath.Under(dataDirectory, DatabaseName + ".restoring");
        await CopyFileAsync(SafePath.Under(backup, DatabaseName), pending, dataDirectory, ct);
        File.Move(pending, SafePath.Under(dataDirectory, DatabaseName));
        return manifest;
    }

    private static async Task<BackupFile> CopyFileAsync(string from, string to, string root, CancellationToken ct)
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

    private static (long Ratings, int SchemaVersion) Describe(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        command.CommandText = "SELECT COUNT(*) FROM ratings;";
        return ((long)command.ExecuteScalar()!, version);
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 10000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static bool IsInside(string path, string folder)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(folder), path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }

}

/// <param name="StartedAt">When the copy's snapshot was taken (UTC): every rating acknowledged before it is in the copy.</param>
public sealed record BackupManifest(
    int Format,
    DateTimeOffset StartedAt,
    DateTimeOffset StartedAtLocal,
    int SchemaVersion,
    long Ratings,
    IReadOnlyList<BackupFile> Files);

public sealed record BackupFile(string Path, long Bytes, string Sha256);

/// <summary>A backup or restore that cannot go on; the message says why, in Vietnamese first.</summary>
public sealed class BackupException(string message) : Exception(message);
