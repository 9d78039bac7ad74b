using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Audit;

/// <summary>Records administrative changes with the time of the server clock.</summary>
public sealed class AuditTrail(IAuditLog log, TimeProvider clock)
{
    public Task RecordAsync(string actor, string action, string target, string? details, CancellationToken ct) =>
        log.AppendAsync(new AuditEntry(0, clock.GetUtcNow(), actor, action, target, details), ct);
}
