using System.Data.Common;

namespace ParSurvey.SurveyApi.Storage.Sql;

/// <summary>The report archive: its index (report_archive) and the files' bytes (report_files), so every server process serves them.</summary>
public class SqlReportArchive(SqlDialect d) : IReportArchive
{
    private const string Columns = "id, unit_id, period_key, format, file_name, sha256, size, created_at, created_by";

    public async Task<ArchivedReport?> FindAsync(string unitId, string periodKey, string format, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync($"SELECT {Columns} FROM report_archive WHERE unit_id = $1 AND period_key = $2 AND format = $3;", Read,
            cancellationToken, unitId, periodKey, format)).FirstOrDefault();

    public async Task<ArchivedReport?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync($"SELECT {Columns} FROM report_archive WHERE id = $1;", Read, cancellationToken, id)).FirstOrDefault();

    /// <summary>The index row and the file in one transaction, the file only if the row went in (a concurrent archiver's entry wins).</summary>
    public async Task<bool> AddAsync(ArchivedReport r, byte[] content, CancellationToken cancellationToken = default)
    {
        await using var connection = await d.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var entry = d.Command(connection, transaction,
            $"INSERT INTO report_archive ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING;",
            r.Id, r.UnitId, r.PeriodKey, r.Format, r.FileName, r.Sha256, r.Size, r.CreatedAt, r.CreatedBy))
        {
            if (await entry.ExecuteNonQueryAsync(cancellationToken) != 1) return false;
        }
        await KeepFileAsync(connection, transaction, r.Id, content, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<byte[]?> ReadAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await d.OpenAsync(cancellationToken);
        await using (var command = d.Command(connection, null, "SELECT content FROM report_files WHERE id = $1;", id))
        {
            if (await command.ExecuteScalarAsync(cancellationToken) is byte[] stored) return stored;
        }
        if (await GetAsync(id, cancellationToken) is not { } entry || LegacyFile(entry) is not { } legacy) return null;
        await KeepFileAsync(connection, null, id, legacy, cancellationToken);
        return legacy;
    }

    /// <summary>A file archived where an older version kept it (outside the store); null when there is none.</summary>
    public virtual byte[]? LegacyFile(ArchivedReport entry) => null;

    private async Task KeepFileAsync(DbConnection connection, DbTransaction? transaction, Guid id, byte[] content, CancellationToken cancellationToken)
    {
        await using var command = d.Command(connection, transaction, "INSERT INTO report_files (id, content) VALUES ($1, $2) ON CONFLICT DO NOTHING;", id, content);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ArchivedReport>> ListAsync(string? periodKey, CancellationToken cancellationToken = default) =>
        await d.QueryAsync($"""
            SELECT {Columns} FROM report_archive {(periodKey is null ? "" : "WHERE period_key = $1")}
            ORDER BY period_key{d.ByteOrder} DESC, unit_id{d.ByteOrder}, format{d.ByteOrder};
            """, Read, cancellationToken, periodKey is null ? [] : [periodKey]);

    private ArchivedReport Read(DbDataReader r) =>
        new(d.Uuid(r, 0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6), d.Instant(r, 7), r.GetString(8));
}
