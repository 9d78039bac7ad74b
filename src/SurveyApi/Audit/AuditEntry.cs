namespace ParSurvey.SurveyApi.Audit;

/// <summary>One administrative change: who, when, what. Never a password, key or pairing code.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Target, string? Details)
{
    /// <summary>The same instant in Vietnam time (UTC+7), as staff read it; <see cref="At"/> stays UTC for existing consumers.</summary>
    public DateTimeOffset AtLocal => ParSurvey.Analytics.VietnamTime.ToLocal(At);
}
