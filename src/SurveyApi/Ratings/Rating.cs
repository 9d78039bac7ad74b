using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Ratings;

/// <summary>A citizen's rating as stored: validated, normalised (NFC), stamped by the server.</summary>
/// <param name="UnitId">The counter's unit when the rating was received, kept so history survives a catalog change.</param>
/// <param name="ScaleId">The scale the rating was given on, fixed at ingest: a later catalog edit never relabels it.</param>
/// <param name="Group">The group of its level on that scale (satisfied / neutral / not satisfied), fixed at ingest.</param>
/// <param name="OccurredAt">When the citizen rated: submittedAt when the device sent one, else receivedAt.</param>
/// <param name="LocalDate">OccurredAt's date in Asia/Ho_Chi_Minh time; days and months are counted by it.</param>
/// <param name="ContentHash">Fingerprint of what the client sent, to tell an honest retry from a reused id.</param>
/// <param name="TokenId">For a rating through a one-time (dossier) QR link: the link's id; one rating per link.</param>
/// <param name="DeviceId">The kiosk device that sent it; null for a QR rating. Repeated presses are filtered per device.</param>
/// <param name="Filtered">Kept but not counted: within the cooldown of its device's previous counted rating (set by the store).</param>
public sealed record Rating(
    Guid Id,
    string CounterId,
    string UnitId,
    string FieldCode,
    string ScaleId,
    int Score,
    LevelGroup Group,
    string Channel,
    IReadOnlyList<string> Reasons,
    string? Comment,
    string? ProcedureCode,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset OccurredAt,
    DateOnly LocalDate,
    string ContentHash,
    string? TokenId = null,
    string? DeviceId = null,
    bool Filtered = false)
{
    public bool Satisfied => Group == LevelGroup.Satisfied;
}

/// <summary>Kênh: where the rating came from.</summary>
public static class Channels
{
    public const string Kiosk = "kiosk";
    public const string Qr = "qr";
    public static readonly IReadOnlyList<string> All = [Kiosk, Qr];
}

/// <summary>
/// The server's press filter (lọc bấm liên tiếp): on a kiosk, a rating within the cooldown of the same device's previous
/// counted rating is a repeated press, not another citizen. It is kept, answered 201 with filtered=true, and counted
/// nowhere. The kiosk page ignores such presses too; this is the rule a device key cannot get round.
/// </summary>
public static class PressFilter
{
    /// <param name="lastCounted">The device's latest counted rating time, if any.</param>
    public static bool IsRepeatedPress(DateTimeOffset? lastCounted, DateTimeOffset at, TimeSpan cooldown) =>
        cooldown > TimeSpan.Zero && lastCounted is { } last && (at - last).Duration() < cooldown;

    /// <summary>
    /// The filter over a batch's new kiosk ratings, per device in device time order (an offline queue arrives in one
    /// batch): which are repeated presses, and each device's latest counted time afterwards (for the store to keep with
    /// the batch). Every storage adapter decides with this one rule.
    /// </summary>
    /// <param name="fresh">The indexes of the batch's new ratings.</param>
    /// <param name="stored">Each device's latest counted time as stored before this batch.</param>
    public static HashSet<int> Apply(IReadOnlyList<Rating> ratings, IEnumerable<int> fresh, IReadOnlyDictionary<string, DateTimeOffset> stored,
        TimeSpan cooldown, out Dictionary<string, DateTimeOffset> marks)
    {
        marks = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var filtered = new HashSet<int>();
        foreach (var i in fresh.Where(i => ratings[i].DeviceId is not null).OrderBy(i => ratings[i].OccurredAt).ThenBy(i => i))
        {
            var r = ratings[i];
            DateTimeOffset? last = marks.TryGetValue(r.DeviceId!, out var m) ? m : stored.TryGetValue(r.DeviceId!, out var d) ? d : null;
            if (IsRepeatedPress(last, r.OccurredAt, cooldown)) filtered.Add(i);
            else marks[r.DeviceId!] = last is { } l && l > r.OccurredAt ? l : r.OccurredAt;
        }
        return filtered;
    }
}
