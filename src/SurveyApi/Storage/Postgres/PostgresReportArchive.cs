using Npgsql;
using static ParSurvey.SurveyApi.Storage.Postgres.PostgresDatabase;

namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>The report archive: its index (report_archive) and the files' bytes (report_files), so every server process serves them.</summary>
public sealed class PostgresReportArchive(PostgresDatabase database) : IReportArchive
{
    private const string Columns = "id, unit_id, period_key, format, file_name, sha256, size, created_at, created_by";

    public async Task<ArchivedReport?> FindAsync(string unitId, string periodKey, string format, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {Columns} FROM report_archive WHERE unit_id = $1 AND period_key = $2 AND format = $3;", Read,
            cancellationToken, unitId, periodKey, format)).FirstOrDefault();

    public async Task<ArchivedReport?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {Columns} FROM report_archive WHERE id = $1;", Read, cancellationToken, id)).FirstOrDefault();

    public async Task<bool> AddAsync(ArchivedReport r, byte[] content, CancellationToken cancellationToken = default)
    {
        // One statement: the index row, and the file only if the row went in (a concurrent archiver's entry wins).
        var added = await database.ScalarAsync($"""
            WITH entry AS (
                INSERT INTO report_archive ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id
            )
            INSERT INTO report_files (id, content) SELECT id, $10 FROM entry RETURNING id;
            """, cancellationToken, r.Id, r.UnitId, r.PeriodKey, r.Format, r.FileName, r.Sha256, r.Size, r.CreatedAt, r.CreatedBy, content);
        return added is Guid;
    }

    public async Task<byte[]?> ReadAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync("SELECT content FROM report_files WHERE id = $1;", r => r.GetFieldValue<byte[]>(0), cancellationToken, id))
            .FirstOrDefault();

    public async Task<IReadOnlyList<ArchivedReport>> ListAsync(string? periodKey, CancellationToken cancellationToken = default) =>
        periodKey is null
            ? await database.QueryAsync($"SELECT {Columns} FROM report_archive ORDER BY {Order};", Read, cancellationToken)
            : await database.QueryAsync($"SELECT {Columns} FROM report_archive WHERE period_key = $1 ORDER BY {Order};", Read, cancellationToken, periodKey);

    private const string Order = "period_key COLLATE \"C\" DESC, unit_id COLLATE \"C\", format COLLATE \"C\"";

    private static ArchivedReport Read(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6), Instant(r, 7), r.GetString(8));
}
