using ParSurvey.SurveyApi.Audit;
using static ParSurvey.SurveyApi.Storage.Postgres.PostgresDatabase;

namespace ParSurvey.SurveyApi.Storage.Postgres;

public sealed class PostgresAuditLog(PostgresDatabase database) : IAuditLog
{
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("INSERT INTO audit (at, actor, action, target, details) VALUES ($1, $2, $3, $4, $5);", cancellationToken,
            entry.At, entry.Actor, entry.Action, entry.Target, entry.Details);

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, CancellationToken cancellationToken = default) =>
        await database.QueryAsync("SELECT id, at, actor, action, target, details FROM audit ORDER BY id DESC LIMIT $1;",
            r => new AuditEntry(r.GetInt64(0), Instant(r, 1), r.GetString(2), r.GetString(3), r.GetString(4), StringOrNull(r, 5)),
            cancellationToken, (long)Math.Max(0, limit));
}
