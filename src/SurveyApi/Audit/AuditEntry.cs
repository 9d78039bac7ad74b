namespace ParSurvey.SurveyApi.Audit;

/// <summary>One administrative change: who, when, what. Never a password, key or pairing code.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Target, string? Details);
