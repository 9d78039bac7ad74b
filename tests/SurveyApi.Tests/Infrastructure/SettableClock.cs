namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>A clock the test sets, so "now" can be 00:30 on the 1st in Vietnam.</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
