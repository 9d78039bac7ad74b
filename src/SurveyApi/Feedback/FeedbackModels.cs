using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ParSurvey.SurveyApi.Feedback;

/// <summary>Citizens' feedback, phản ánh – kiến nghị ("ParSurvey:Feedback").</summary>
public sealed class FeedbackOptions
{
    public const string Section = "ParSurvey:Feedback";

    /// <summary>Working days from receipt to the answer's deadline (weekends and <see cref="Holidays"/> skipped).</summary>
    [Range(1, 90)]
    public int DueWorkingDays { get; set; } = 10;

    /// <summary>Public holidays as yyyy-MM-dd (Tết, 30/4, 1/5, 2/9, Giỗ Tổ …); set each year's list in appsettings.</summary>
    public List<string> Holidays { get; set; } = [];

    /// <summary>Days a citizen's contact is kept after the feedback is received; then it is deleted (Nghị định 13/2023).</summary>
    [Range(1, 3650)]
    public int ContactRetentionDays { get; set; } = 90;

    /// <summary>How often contacts past retention are deleted and overdue items are flagged on the board.</summary>
    [Range(1, 86_400)]
    public int SweepSeconds { get; set; } = 60;

    [Range(20, 10_000)]
    public int MaxTextLength { get; set; } = 2000;
}

[JsonConverter(typeof(JsonStringEnumConverter<FeedbackStatus>))]
public enum FeedbackStatus
{
    [JsonStringEnumMemberName("received")] Received,
    [JsonStringEnumMemberName("assigned")] Assigned,
    [JsonStringEnumMemberName("answered")] Answered,
    [JsonStringEnumMemberName("published")] Published,
    [JsonStringEnumMemberName("closed")] Closed,
}

/// <summary>
/// One piece of feedback. The citizen's contact is not part of it: it lives in its own record
/// (<see cref="FeedbackContact"/>), read only by those handling the item, and is deleted after the retention.
/// </summary>
public sealed record FeedbackItem(
    Guid Id,
    string Code,
    string UnitId,
    string? CounterId,
    string Category,
    string Text,
    string Channel,
    DateTimeOffset ReceivedAt,
    DateOnly DueDate,
    FeedbackStatus Status,
    string? AssignedUnitId = null,
    string? AssignedTo = null,
    string? Answer = null,
    DateTimeOffset? AnsweredAt = null,
    string? AnsweredBy = null,
    DateTimeOffset? PublishedAt = null,
    string? ClosedReason = null,
    DateTimeOffset? ClosedAt = null,
    bool HasContact = false);

public sealed record FeedbackContact(Guid FeedbackId, string Contact, DateTimeOffset ConsentAt);

/// <summary>Which items a list asks for: a unit scope (null: every unit), a status, a receipt window.</summary>
public sealed record FeedbackQuery(IReadOnlyCollection<string>? UnitIds = null, FeedbackStatus? Status = null,
    DateTimeOffset? ReceivedFrom = null, DateTimeOffset? ReceivedBefore = null, int Limit = 500);
