namespace ParSurvey.Analytics.Reports;

/// <summary>
/// A satisfaction report for Văn phòng UBND: one period, one unit with its sub-units (or the whole city), every number
/// the JSON, spreadsheet, CSV and printed page show. The formats only lay it out.
/// </summary>
public sealed record ReportDocument(
    string Title,
    string? UnitId,
    string UnitName,
    PeriodInfo Period,
    PeriodInfo PreviousPeriod,
    DateTimeOffset GeneratedAt,
    int MinSample,
    double Confidence,
    ReportSummary Summary,
    IReadOnlyList<RatingScale> Scales,
    IReadOnlyList<SatisfactionRow> Fields,
    IReadOnlyList<RankedRow> Units,
    IReadOnlyList<SatisfactionRow> UnitsTooFewToRank,
    IReadOnlyList<SatisfactionRow> Counters,
    IReadOnlyList<ReasonRow> Reasons,
    IReadOnlyList<CommentRow> Comments,
    IReadOnlyList<TrendRow> Trend,
    IReadOnlyList<FeedbackRow>? Feedback = null);

/// <summary>
/// Citizens' feedback (PAKN) received in the period, per unit and category, against the plans' 100 % targets:
/// every item answered on time and every answer published. Overdue: answered after the due date, or still unanswered
/// after it.
/// </summary>
public sealed record FeedbackRow(string UnitId, string UnitName, string Category, string CategoryLabel, long Received, long Answered,
    long AnsweredOnTime, long Overdue, long Published)
{
    public double? OnTimeShare => Received == 0 ? null : (double)AnsweredOnTime / Received;
    public double? PublishedShare => Answered == 0 ? null : (double)Published / Answered;
}

/// <param name="GapNote">For a CCHC window whose preset leaves days in no window: "Từ 01/12 đến 14/12 không thuộc kỳ báo cáo CCHC nào".</param>
public sealed record PeriodInfo(string Key, string Label, string LabelEn, DateOnly From, DateOnly To, string? GapNote = null, string? GapNoteEn = null)
{
    public static PeriodInfo Of(ReportPeriod p) => new(p.Key, p.Label, p.LabelEn, p.From, p.To, p.Preset?.GapNote(p.Year), p.Preset?.GapNoteEn(p.Year));
}

/// <param name="FieldsBelow">Every field whose status is below, lowest rate first, with n and the interval.</param>
/// <param name="UnitsBelow">Every unit serving citizens whose status is below, lowest rate first.</param>
/// <param name="Filtered">Ratings kept but not counted: presses on a kiosk within the cooldown of its last counted rating.</param>
public sealed record ReportSummary(SatisfactionRow Current, SatisfactionRow Previous, ProportionChange Change,
    IReadOnlyList<SatisfactionRow> FieldsBelow, IReadOnlyList<SatisfactionRow> UnitsBelow, long Filtered);

public sealed record RankedRow(int Rank, SatisfactionRow Row);

public sealed record ReasonRow(string FieldCode, string FieldName, string Reason, string ReasonLabel, long Count);

public sealed record CommentRow(DateOnly Date, string CounterName, string FieldName, int Score, string Level, string Text);

public sealed record TrendRow(string FieldCode, string FieldName, IReadOnlyList<TrendPoint> Months);

public sealed record TrendPoint(string Month, long Total, long Satisfied, double? Rate);

public static class ReportOrdering
{
    /// <summary>Fields below target first, then the rest by rate, lowest first; fields without ratings last.</summary>
    public static IReadOnlyList<SatisfactionRow> BelowTargetFirst(IEnumerable<SatisfactionRow> rows) => rows
        .OrderBy(r => r.Status switch { SatisfactionStatus.Below => 0, SatisfactionStatus.Met => 1, _ => 2 })
        .ThenBy(r => r.Rate ?? double.MaxValue)
        .ThenBy(r => r.Key, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Ranks groups with enough ratings by rate, best first (equal rates share a rank); the rest are listed apart.</summary>
    public static (IReadOnlyList<RankedRow> Ranked, IReadOnlyList<SatisfactionRow> TooFew) Rank(IEnumerable<SatisfactionRow> rows)
    {
        var list = rows.ToList();
        var judged = list.Where(r => r.Status != SatisfactionStatus.Insufficient)
            .OrderByDescending(r => r.Rate).ThenByDescending(r => r.Total).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var ranked = new List<RankedRow>();
        for (var i = 0; i < judged.Count; i++)
        {
            var rank = i > 0 && judged[i].Rate == judged[i - 1].Rate ? ranked[i - 1].Rank : i + 1;
            ranked.Add(new RankedRow(rank, judged[i]));
        }
        var tooFew = list.Where(r => r.Status == SatisfactionStatus.Insufficient).OrderBy(r => r.Key, StringComparer.Ordinal).ToArray();
        return (ranked, tooFew);
    }
}
