namespace ParSurvey.SurveyApi.Ratings;

/// <summary>A citizen's rating as stored: validated, normalised (NFC), stamped by the server.</summary>
/// <param name="UnitId">The counter's unit when the rating was received, kept so history survives a catalog change.</param>
/// <param name="OccurredAt">When the citizen rated: submittedAt when the device sent one, else receivedAt.</param>
/// <param name="LocalDate">OccurredAt's date in Asia/Ho_Chi_Minh time; days and months are counted by it.</param>
/// <param name="ContentHash">Fingerprint of what the client sent, to tell an honest retry from a reused id.</param>
/// <param name="TokenId">For a rating through a one-time (dossier) QR link: the link's id; one rating per link.</param>
public sealed record Rating(
    Guid Id,
    string CounterId,
    string UnitId,
    string FieldCode,
    int Score,
    bool Satisfied,
    string Channel,
    IReadOnlyList<string> Reasons,
    string? Comment,
    string? ProcedureCode,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset OccurredAt,
    DateOnly LocalDate,
    string ContentHash,
    string? TokenId = null);

/// <summary>Kênh: where the rating came from.</summary>
public static class Channels
{
    public const string Kiosk = "kiosk";
    public const string Qr = "qr";
    public static readonly IReadOnlyList<string> All = [Kiosk, Qr];
}
