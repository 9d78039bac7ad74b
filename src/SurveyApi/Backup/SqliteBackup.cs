using System.Globalization;
using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Backup;

/// <summary>
/// The SQLite file, copied with SQLite's online backup API in one read transaction (writers go on, WAL), restored under a
/// temporary name renamed at the end.
/// </summary>
public sealed class SqliteBackup(string dataDirectory) : IBackupDatabase
{
    private const string DatabaseName = "parsurvey.db";

    public string Provider => IBackupDatabase.Sqlite;
    public string FileName => DatabaseName;
    private string Database => SafePath.Under(dataDirectory, DatabaseName);

    public Task CheckSourceAsync(CancellationToken ct) => File.Exists(Database)
        ? Task.CompletedTask
        : throw new BackupException($"Không có cơ sở dữ liệu để sao lưu: {Database} (no database at this path).");

    public Task<(long Ratings, int SchemaVersion)> CopyAsync(string copy, CancellationToken ct)
    {
        PrivateFiles.EnsureFile(copy);
        using var from = Open(Database, SqliteOpenMode.ReadWrite);
        using var to = Open(copy, SqliteOpenMode.ReadWrite);
        from.BackupDatabase(to); // sqlite3_backup_step(-1): the whole file from one snapshot
        // The copy is a plain rollback-journal file: one file, nothing left in a WAL beside it.
        Execute(to, "PRAGMA journal_mode = DELETE;");
        using var command = to.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        command.CommandText = "SELECT COUNT(*) FROM ratings;";
        return Task.FromResult(((long)command.ExecuteScalar()!, version));
    }

    public Task CheckTargetIsEmptyAsync(CancellationToken ct) => File.Exists(Database)
        ? throw new BackupException($"Thư mục dữ liệu đã có cơ sở dữ liệu: {dataDirectory}. Khôi phục vào một thư mục trống, hoặc chuyển dữ liệu cũ đi trước (the data folder already has a database).")
        : Task.CompletedTask;

    public Task CheckCopyAsync(string copy, CancellationToken ct)
    {
        using var check = Open(copy, SqliteOpenMode.ReadOnly);
        using var command = check.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var answer = (string?)command.ExecuteScalar();
        return answer == "ok" ? Task.CompletedTask : throw new BackupException($"Cơ sở dữ liệu trong bản sao lưu không toàn vẹn: {answer}.");
    }

    public async Task RestoreAsync(string copy, CancellationToken ct)
    {
        var pending = SafePath.Under(dataDirectory, DatabaseName + ".restoring");
        await DataBackup.CopyFileAsync(copy, pending, dataDirectory, ct);
        File.Move(pending, Database);
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
}
