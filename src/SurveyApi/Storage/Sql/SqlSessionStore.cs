using System.Data.Common;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Storage.Sql;

public class SqlSessionStore(SqlDialect d) : ISessionStore
{
    private const string Columns = "id, staff_id, created_at, last_seen_at, client, ended_at, ended_by, end_reason";

    public Task CreateAsync(StaffSession s, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync($"INSERT INTO staff_sessions ({Columns}) VALUES ($1, $2, $3, $4, $5, NULL, NULL, NULL);", cancellationToken,
            s.Id, s.StaffId, s.CreatedAt, s.LastSeenAt, s.Client);

    public async Task<StaffSession?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync($"SELECT {Columns} FROM staff_sessions WHERE id = $1;", Read, cancellationToken, id)).FirstOrDefault();

    public async Task<IReadOnlyList<StaffSession>> ListOpenAsync(Guid staffId, CancellationToken cancellationToken = default) =>
        await d.QueryAsync($"SELECT {Columns} FROM staff_sessions WHERE staff_id = $1 AND ended_at IS NULL ORDER BY created_at DESC;",
            Read, cancellationToken, staffId);

    public async Task<bool> EndAsync(Guid id, DateTimeOffset at, string by, string reason, CancellationToken cancellationToken = default) =>
        await d.ExecuteAsync("UPDATE staff_sessions SET ended_at = $2, ended_by = $3, end_reason = $4 WHERE id = $1 AND ended_at IS NULL;",
            cancellationToken, id, at, by, reason) == 1;

    public async Task<IReadOnlyList<Guid>> EndAllAsync(Guid staffId, Guid? except, DateTimeOffset at, string by, string reason,
        CancellationToken cancellationToken = default) =>
        await d.QueryAsync("""
            UPDATE staff_sessions SET ended_at = $2, ended_by = $3, end_reason = $4
            WHERE staff_id = $1 AND ended_at IS NULL AND id IS DISTINCT FROM $5
            RETURNING id;
            """, r => d.Uuid(r, 0), cancellationToken, staffId, at, by, reason, except);

    public Task TouchAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("UPDATE staff_sessions SET last_seen_at = $2 WHERE id = $1 AND ended_at IS NULL AND last_seen_at < $2;",
            cancellationToken, id, at);

    private StaffSession Read(DbDataReader r) =>
        new(d.Uuid(r, 0), d.Uuid(r, 1), d.Instant(r, 2), d.Instant(r, 3), SqlDialect.TextOrNull(r, 4), d.InstantOrNull(r, 5),
            SqlDialect.TextOrNull(r, 6), SqlDialect.TextOrNull(r, 7));
}
