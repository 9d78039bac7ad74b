using ParSurvey.SurveyApi.Audit;

namespace ParSurvey.SurveyApi.Storage.Sql;

public class SqlAuditLog(SqlDialect d) : IAuditLog
{
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("INSERT INTO audit (at, actor, action, target, details) VALUES ($1, $2, $3, $4, $5);", cancellationToken,
            entry.At, entry.Actor, entry.Action, entry.Target, entry.Details);

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, CancellationToken cancellationToken = default) =>
        await d.QueryAsync("SELECT id, at, actor, action, target, details FROM audit ORDER BY id DESC LIMIT $1;",
            r => new AuditEntry(r.GetInt64(0), d.Instant(r, 1), r.GetString(2), r.GetString(3), r.GetString(4), SqlDialect.TextOrNull(r, 5)),
            cancellationToken, (long)Math.Max(0, limit));
}
