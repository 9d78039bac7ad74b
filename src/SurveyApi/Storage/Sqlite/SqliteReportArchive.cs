using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Hosting;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

/// <summary>
/// The report archive: its index (report_archive) and the files' bytes (report_files, schema 8). Data folders from before
/// kept the files under reports/&lt;period&gt;/ beside the database: such a file is read from there the first time it is
/// asked for (checked against its index entry's checksum) and kept in the table from then on.
/// </summary>
public sealed class SqliteReportArchive(SqliteDatabase database) : IReportArchive
{
    private const string Columns = "id, unit_id, period_key, format, file_name, sha256, size, created_at, created_by";

    public Task<ArchivedReport?> FindAsync(string unitId, string periodKey, string format, CancellationToken cancellationToken = default) =>
        OneAsync("unit_id = $a AND period_key = $b AND format = $c", cancellationToken, unitId, periodKey, format);

    public Task<ArchivedReport?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        OneAsync("id = $a", cancellationToken, id.ToString("D"));

    public async Task<bool> AddAsync(ArchivedReport r, byte[] content, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO report_archive ({Columns}) VALUES ($id, $unit, $period, $format, $file, $sha, $size, $at, $by) ON CONFLICT DO NOTHING;";
        command.Parameters.AddWithValue("$id", r.Id.ToString("D"));
        command.Parameters.AddWithValue("$unit", r.UnitId);
        command.Parameters.AddWithValue("$period", r.PeriodKey);
        command.Parameters.AddWithValue("$format", r.Format);
        command.Parameters.AddWithValue("$file", r.FileName);
        command.Parameters.AddWithValue("$sha", r.Sha256);
        command.Parameters.AddWithValue("$size", r.Size);
        command.Parameters.AddWithValue("$at", InstantText(r.CreatedAt));
        command.Parameters.AddWithValue("$by", r.CreatedBy);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1) return false;
        await KeepFileAsync(connection, transaction, r.Id, content, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<byte[]?> ReadAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT content FROM report_files WHERE id = $id;";
            command.Parameters.AddWithValue("$id", id.ToString("D"));
            if (await command.ExecuteScalarAsync(cancellationToken) is byte[] stored) return stored;
        }
        if (await GetAsync(id, cancellationToken) is not { } entry || LegacyFile(entry) is not { } legacy) return null;
        await KeepFileAsync(connection, null, id, legacy, cancellationToken);
        return legacy;
    }

    /// <summary>
    /// An archived file as versions before schema 8 kept it: data/reports/&lt;period&gt;/&lt;file name&gt; beside the database;
    /// null when it is not there, does not match its entry's checksum, or its name would lead outside the folder.
    /// </summary>
    public byte[]? LegacyFile(ArchivedReport entry)
    {
        try
        {
            var path = SafePath.Under(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(database.Path))!, "reports", entry.PeriodKey, entry.FileName);
            if (!File.Exists(path)) return null;
            var bytes = File.ReadAllBytes(path);
            return Convert.ToHexStringLower(SHA256.HashData(bytes)) == entry.Sha256 ? bytes : null;
        }
        catch (UnsafePathException)
        {
            return null;
        }
    }

    private static async Task KeepFileAsync(SqliteConnection connection, SqliteTransaction? transaction, Guid id, byte[] content, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR IGNORE INTO report_files (id, content) VALUES ($id, $content);";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.Add("$content", SqliteType.Blob).Value = content;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ArchivedReport>> ListAsync(string? periodKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM report_archive {(periodKey is null ? "" : "WHERE period_key = $a")} ORDER BY period_key DESC, unit_id, format;";
        if (periodKey is not null) command.Parameters.AddWithValue("$a", periodKey);
        return await ReadAsync(command, cancellationToken);
    }

    private async Task<ArchivedReport?> OneAsync(string where, CancellationToken cancellationToken, params string[] values)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM report_archive WHERE {where};";
        for (var i = 0; i < values.Length; i++) command.Parameters.AddWithValue("$" + (char)('a' + i), values[i]);
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    private static async Task<List<ArchivedReport>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<ArchivedReport>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new ArchivedReport(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                r.GetInt64(6), ParseInstant(r.GetString(7)), r.GetString(8)));
        return list;
    }
}
