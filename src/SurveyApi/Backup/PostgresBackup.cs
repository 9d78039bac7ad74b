using System.Diagnostics;
using System.Globalization;
using Npgsql;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Backup;

/// <summary>
/// The PostgreSQL database (our tables and Hangfire's schema), copied with <c>pg_dump</c> in its custom format from a
/// snapshot this command exports and holds open, so the dump and the manifest's rating count read the same committed
/// data while writers go on; restored with <c>pg_restore</c> in one transaction into an empty database. Debian's client
/// programs: /usr/lib/postgresql/&lt;newest&gt;/bin, else the PATH (a pg_dump at least as new as the server).
/// </summary>
public sealed class PostgresBackup(string connectionString) : IBackupDatabase
{
    public string Provider => IBackupDatabase.Postgres;
    public string FileName => "parsurvey.dump";

    private readonly NpgsqlConnectionStringBuilder _settings = new(connectionString);
    private string Describe => $"{_settings.Host}:{_settings.Port.ToString(CultureInfo.InvariantCulture)}/{_settings.Database}";

    public async Task CheckSourceAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT to_regclass('public.schema_migrations') IS NOT NULL;", connection);
        if (!(bool)(await command.ExecuteScalarAsync(ct))!)
            throw new BackupException($"Không có cơ sở dữ liệu ParSurvey để sao lưu trong {Describe} (no ParSurvey tables in this database).");
    }

    public async Task<(long Ratings, int SchemaVersion)> CopyAsync(string copy, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var snapshot = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        string id;
        long ratings;
        int version;
        await using (var command = new NpgsqlCommand(
            "SELECT pg_export_snapshot(), (SELECT COUNT(*) FROM ratings), (SELECT MAX(version) FROM schema_migrations);", connection, snapshot))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (id, ratings, version) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2));
        }
        PrivateFiles.EnsureFile(copy); // pg_dump writes into it and keeps its owner-only mode
        await RunAsync("pg_dump", ["--format=custom", $"--snapshot={id}", "--no-owner", "--no-privileges", $"--file={copy}"], ct);
        await snapshot.CommitAsync(ct);
        return (ratings, version);
    }

    public async Task CheckTargetIsEmptyAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%';
            """, connection);
        if ((long)(await command.ExecuteScalarAsync(ct))! > 0)
            throw new BackupException($"Cơ sở dữ liệu PostgreSQL {Describe} đã có dữ liệu. Khôi phục vào một cơ sở dữ liệu trống (createdb), " +
                                      "không ghi đè (the target database already holds tables; restore into an empty database).");
    }

    public Task CheckCopyAsync(string copy, CancellationToken ct) => RunAsync("pg_restore", ["--list", copy], ct, database: false);

    public Task RestoreAsync(string copy, CancellationToken ct) =>
        RunAsync("pg_restore", ["--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", copy], ct);

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new BackupException($"Không kết nối được PostgreSQL {Describe} (ParSurvey:Storage:ConnectionString): {e.Message}");
        }
    }

    /// <summary>A PostgreSQL client program, given the server and login through libpq's environment (the password never on a command line).</summary>
    private async Task RunAsync(string program, string[] arguments, CancellationToken ct, bool database = true)
    {
        var info = new ProcessStartInfo(Find(program)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        if (database)
        {
            info.Environment["PGHOST"] = _settings.Host;
            info.Environment["PGPORT"] = _settings.Port.ToString(CultureInfo.InvariantCulture);
            info.Environment["PGDATABASE"] = _settings.Database;
            if (_settings.Username is { } user) info.Environment["PGUSER"] = user;
            if (_settings.Password is { } password) info.Environment["PGPASSWORD"] = password;
            info.ArgumentList.Add("--no-password");
            if (program == "pg_restore") info.ArgumentList.Add($"--dbname={_settings.Database}");
        }
        using var process = Process.Start(info) ?? throw new BackupException($"Không chạy được {program}.");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new BackupException($"{program} dừng với mã {process.ExitCode.ToString(CultureInfo.InvariantCulture)} (failed): {(await errors).Trim()} {(await output).Trim()}".Trim());
    }

    private static string Find(string program)
    {
        const string debian = "/usr/lib/postgresql";
        var newest = Directory.Exists(debian)
            ? Directory.GetDirectories(debian).Select(v => Path.Combine(v, "bin", program)).Where(File.Exists)
                .OrderByDescending(p => int.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p))), out var v) ? v : 0).FirstOrDefault()
            : null;
        if (newest is not null) return newest;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
        return onPath ?? throw new BackupException($"Không tìm thấy {program}: cài gói postgresql-client (apt-get install postgresql-client).");
    }
}
