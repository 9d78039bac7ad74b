using System.ComponentModel;
using System.Text.Json.Serialization;
using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Ratings;

/// <summary>What a kiosk or the QR survey page sends. Documented for OpenAPI; the server reads the JSON itself.</summary>
public sealed record RatingSubmission(
    [property: Description("Client-generated UUID; the idempotency key: resend the same id after a timeout, never a new one.")] string Id,
    [property: Description("Counter (quầy) id from GET /api/catalog.")] string CounterId,
    [property: Description("Field (lĩnh vực TTHC) code; may be left out when the counter serves exactly one field.")] string? FieldCode,
    [property: Description("A level of the counter's scale; on the default scale 4 Rất hài lòng, 3 Hài lòng, 2 Bình thường, 1 Không hài lòng.")] int Score,
    [property: Description("kiosk or qr.")] string Channel,
    [property: Description("Reason codes from the catalog, e.g. cho-lau (thời gian chờ lâu).")] string[]? Reasons,
    [property: Description("Free text, at most 1,000 characters; stored as text, never rendered as HTML.")] string? Comment,
    [property: Description("Administrative procedure (TTHC) code, optional.")] string? ProcedureCode,
    [property: Description("When the citizen rated, ISO-8601 with zone; used for offline queues, at most 31 days old.")] DateTimeOffset? SubmittedAt);

/// <param name="Filtered">A repeated press on a kiosk (within the cooldown of the device's previous counted rating): stored, counted nowhere.</param>
public sealed record RatingAck(Guid Id, bool Duplicate, bool Filtered);

public sealed record BatchItemResult(
    int Index,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? Id,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Duplicate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Filtered,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IDictionary<string, string[]>? Errors);

/// <param name="Filtered">How many of the created ratings were repeated presses, counted nowhere.</param>
public sealed record BatchResponse(int Created, int Duplicates, int Rejected, int Filtered, IReadOnlyList<BatchItemResult> Results);

/// <summary>A stored rating as an integrator may read it back.</summary>
public sealed record RatingView(Guid Id, string CounterId, string UnitId, string FieldCode, string ScaleId, int Score, LevelGroup Group,
    bool Satisfied, string Channel, IReadOnlyList<string> Reasons, string? Comment, string? ProcedureCode, DateTimeOffset? SubmittedAt,
    DateTimeOffset ReceivedAt, DateOnly LocalDate, bool Filtered)
{
    public static RatingView From(Rating r) => new(r.Id, r.CounterId, r.UnitId, r.FieldCode, r.ScaleId, r.Score, r.Group, r.Satisfied,
        r.Channel, r.Reasons, r.Comment, r.ProcedureCode, r.SubmittedAt, r.ReceivedAt, r.LocalDate, r.Filtered);
}
