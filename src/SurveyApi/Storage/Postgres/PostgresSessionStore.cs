using Npgsql;
using ParSurvey.SurveyApi.Staff;
using static ParSurvey.SurveyApi.Storage.Postgres.PostgresDatabase;

namespace ParSurvey.SurveyApi.Storage.Postgres;

public sealed class PostgresSessionStore(PostgresDatabase database) : ISessionStore
{
    private const string Columns = "id, staff_id, created_at, last_seen_at, client, ended_at, ended_by, end_reason";

    public Task CreateAsync(StaffSession s, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync($"INSERT INTO staff_sessions ({Columns}) VALUES ($1, $2, $3, $4, $5, NULL, NULL, NULL);", cancellationToken,
            s.Id, s.StaffId, s.CreatedAt, s.LastSeenAt, s.Client);

    public async Task<StaffSession?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {Columns} FROM staff_sessions WHERE id = $1;", Read, cancellationToken, id)).FirstOrDefault();

    public async Task<IReadOnlyList<StaffSession>> ListOpenAsync(Guid staffId, CancellationToken cancellationToken = default) =>
        await database.QueryAsync($"SELECT {Columns} FROM staff_sessions WHERE staff_id = $1 AND ended_at IS NULL ORDER BY created_at DESC;",
            Read, cancellationToken, staffId);

    public async Task<bool> EndAsync(Guid id, DateTimeOffset at, string by, string reason, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("UPDATE staff_sessions SET ended_at = $2, ended_by = $3, end_reason = $4 WHERE id = $1 AND ended_at IS NULL;",
            cancellationToken, id, at, by, reason) == 1;

    public async Task<IReadOnlyList<Guid>> EndAllAsync(Guid staffId, Guid? except, DateTimeOffset at, string by, string reason,
        CancellationToken cancellationToken = default) =>
        await database.QueryAsync("""
            UPDATE staff_sessions SET ended_at = $2, ended_by = $3, end_reason = $4
            WHERE staff_id = $1 AND ended_at IS NULL AND id IS DISTINCT FROM $5::uuid
            RETURNING id;
            """, r => r.GetGuid(0), cancellationToken, staffId, at, by, reason, except);

    public Task TouchAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE staff_sessions SET last_seen_at = $2 WHERE id = $1 AND ended_at IS NULL AND last_seen_at < $2;",
            cancellationToken, id, at);

    private static StaffSession Read(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetGuid(1), Instant(r, 2), Instant(r, 3), StringOrNull(r, 4), InstantOrNull(r, 5), StringOrNull(r, 6), StringOrNull(r, 7));
}
