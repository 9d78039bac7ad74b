using System.Globalization;
using ParSurvey.Analytics;
using ParSurvey.Analytics.Reports;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>A cell of a report table: text, a whole number, a share shown as a percentage, or a date.</summary>
public abstract record ReportCell
{
    public sealed record Text(string Value) : ReportCell;
    public sealed record Count(long Value) : ReportCell;
    public sealed record Share(double? Value) : ReportCell;
    public sealed record Day(DateOnly Value) : ReportCell;
}

public sealed record ReportTable(string Section, string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<ReportCell>> Rows, IReadOnlyList<double> Widths);

/// <summary>
/// The report as tables, in Vietnamese: the spreadsheet, the CSV files and the printed page all lay out these, so the
/// three cannot disagree.
/// </summary>
public static class ReportTables
{
    public static readonly string[] Sections = ["summary", "fields", "units", "counters", "reasons", "comments", "trend", "feedback"];

    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>95,3 % — Vietnamese decimal comma and a space before the sign.</summary>
    public static string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", Vi) + " %" : "–";

    public static string Date(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>The header of the code column (field, unit or counter id): kept in the spreadsheet and CSV for integrators, left out in print.</summary>
    public const string CodeHeader = "Mã";

    /// <summary>
    /// "Tháng 11/2026, từ 01/11/2026 đến 30/11/2026"; while the period is still running, "… đến nay (29/11/2026)" with
    /// the Vietnam date the report was made, since a future end date would claim days nobody could rate yet.
    /// </summary>
    public static string PeriodText(ReportDocument d)
    {
        var today = VietnamTime.LocalDate(d.GeneratedAt);
        var to = d.Period.From <= today && today < d.Period.To ? $"nay ({Date(today)})" : Date(d.Period.To);
        var span = $"từ {Date(d.Period.From)} đến {to}";
        // A date range's label already is its span.
        return d.Period.Key.Contains("..") ? char.ToUpperInvariant(span[0]) + span[1..] : $"{d.Period.Label}, {span}";
    }

    /// <summary>"38,7 % – 78,1 %", or "chưa có đánh giá" when there is nothing to estimate from.</summary>
    public static string Interval(SatisfactionRow row) =>
        row.Total == 0 || row.CiLow is null ? "chưa có đánh giá" : $"{Percent(row.CiLow)} – {Percent(row.CiHigh)}";

    /// <summary>A cell as people read it: shares as "95,3 %", dates as dd/MM/yyyy (the printed page).</summary>
    public static string Display(ReportCell cell) => cell switch
    {
        ReportCell.Text t => t.Value,
        ReportCell.Count c => c.Value.ToString("N0", Vi),
        ReportCell.Share s => Percent(s.Value),
        ReportCell.Day d => Date(d.Value),
        _ => "",
    };

    /// <summary>A row that is below target, as the summary lists it: "Hộ tịch: 60,0 % trên 20 đánh giá (12 hài lòng; khoảng tin cậy 95 %: 38,7 % – 78,1 %)".</summary>
    public static string BelowText(SatisfactionRow r) =>
        $"{r.Name}: {Percent(r.Rate)} trên {r.Total} đánh giá ({r.Satisfied} hài lòng; khoảng tin cậy 95 %: {Interval(r)})";

    public const string FilteredLabel = "Đã lọc do bấm liên tiếp (không tính vào tỷ lệ)";

    public static string StatusText(SatisfactionStatus status) => status switch
    {
        SatisfactionStatus.Met => "Đạt",
        SatisfactionStatus.Below => "Chưa đạt",
        _ => "Chưa đủ mẫu",
    };

    public static IReadOnlyList<ReportTable> All(ReportDocument d) => Sections.Select(s => Build(d, s)).ToArray();

    public static ReportTable Build(ReportDocument d, string section) => section switch
    {
        "summary" => Summary(d),
        "fields" => Rows(d, "fields", "Theo lĩnh vực", "Lĩnh vực", d.Fields.Select(r => (0, r))),
        "units" => Rows(d, "units", "Theo đơn vị", "Đơn vị",
            d.Units.Select(r => (r.Rank, r.Row)).Concat(d.UnitsTooFewToRank.Select(r => (0, r))), ranked: true),
        "counters" => Rows(d, "counters", "Theo quầy", "Quầy", d.Counters.Select(r => (0, r))),
        "reasons" => new ReportTable("reasons", "Lý do chưa hài lòng", ["Lĩnh vực", "Lý do", "Số lượt"],
            d.Reasons.Select(r => (IReadOnlyList<ReportCell>)[new ReportCell.Text(r.FieldName), new ReportCell.Text(r.ReasonLabel), new ReportCell.Count(r.Count)]).ToArray(),
            [30, 40, 12]),
        "comments" => new ReportTable("comments", "Góp ý của người dân", ["Ngày", "Quầy", "Lĩnh vực", "Mức đánh giá", "Nội dung"],
            d.Comments.Select(c => (IReadOnlyList<ReportCell>)[new ReportCell.Day(c.Date), new ReportCell.Text(c.CounterName), new ReportCell.Text(c.FieldName),
                new ReportCell.Text(c.Level), new ReportCell.Text(c.Text)]).ToArray(),
            [12, 28, 24, 16, 80]),
        "trend" => Trend(d),
        "feedback" => new ReportTable("feedback", "Phản ánh, kiến nghị",
            ["Đơn vị", "Loại", "Tiếp nhận", "Đã trả lời", "Trả lời đúng hạn", "Quá hạn", "Đã công khai", "Tỷ lệ đúng hạn", "Tỷ lệ công khai"],
            (d.Feedback ?? []).Select(f => (IReadOnlyList<ReportCell>)[new ReportCell.Text(f.UnitName), new ReportCell.Text(f.CategoryLabel),
                new ReportCell.Count(f.Received), new ReportCell.Count(f.Answered), new ReportCell.Count(f.AnsweredOnTime), new ReportCell.Count(f.Overdue),
                new ReportCell.Count(f.Published), new ReportCell.Share(f.OnTimeShare), new ReportCell.Share(f.PublishedShare)]).ToArray(),
            [30, 26, 12, 12, 14, 10, 12, 14, 14]),
        _ => throw new ArgumentOutOfRangeException(nameof(section), section, "unknown section"),
    };

    private static ReportTable Summary(ReportDocument d)
    {
        var s = d.Summary;
        IReadOnlyList<ReportCell> Line(string label, ReportCell value) => [new ReportCell.Text(label), value];
        var rows = new List<IReadOnlyList<ReportCell>>
        {
            Line("Đơn vị", new ReportCell.Text(d.UnitName)),
            Line("Kỳ báo cáo", new ReportCell.Text(PeriodText(d))),
            Line("Số đánh giá", new ReportCell.Count(s.Current.Total)),
            Line("Số đánh giá hài lòng", new ReportCell.Count(s.Current.Satisfied)),
            Line("Tỷ lệ hài lòng", new ReportCell.Share(s.Current.Rate)),
            Line("Khoảng tin cậy 95 % – cận dưới", new ReportCell.Share(s.Current.CiLow)),
            Line("Khoảng tin cậy 95 % – cận trên", new ReportCell.Share(s.Current.CiHigh)),
            Line("Chỉ tiêu", new ReportCell.Share(s.Current.Target)),
            Line("Kết quả", new ReportCell.Text(StatusText(s.Current.Status))),
            Line($"Kỳ trước ({d.PreviousPeriod.Label}) – số đánh giá", new ReportCell.Count(s.Previous.Total)),
            Line($"Kỳ trước ({d.PreviousPeriod.Label}) – tỷ lệ hài lòng", new ReportCell.Share(s.Previous.Rate)),
            Line("So với kỳ trước", new ReportCell.Text(s.Change.Judgement)),
            Line(FilteredLabel, new ReportCell.Count(s.Filtered)),
        };
        // The preset's days in no window (Kế hoạch 19: 1–14 December), said where the period is, not left to be guessed.
        if (d.Period.GapNote is { } gap) rows.Insert(2, Line("Ngoài các kỳ CCHC", new ReportCell.Text(gap)));
        // Every field and unit below target, one line each with n and the interval: a ward at 12 of 20 is listed.
        foreach (var (label, below) in new[] { ("Lĩnh vực chưa đạt chỉ tiêu", s.FieldsBelow), ("Đơn vị chưa đạt chỉ tiêu", s.UnitsBelow) })
        {
            if (below.Count == 0) rows.Add(Line(label, new ReportCell.Text("Không có")));
            foreach (var row in below) rows.Add(Line(label, new ReportCell.Text(BelowText(row))));
        }
        rows.Add(Line("Lập lúc", new ReportCell.Text(VietnamTime.ToLocal(d.GeneratedAt).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture))));
        return new ReportTable("summary", "Tổng hợp", ["Chỉ tiêu báo cáo", "Giá trị"], rows, [48, 90]);
    }

    private static ReportTable Rows(ReportDocument d, string section, string title, string what, IEnumerable<(int Rank, SatisfactionRow Row)> rows, bool ranked = false)
    {
        var headers = new List<string>();
        if (ranked) headers.Add("Hạng");
        headers.AddRange([CodeHeader, what, "Số đánh giá"]);
        // One scale: its levels' words, as always. Several: each scale's levels under its own name, then the groups,
        // the only counts that add up across scales.
        var mixed = d.Scales.Count > 1;
        var levels = d.Scales.SelectMany(s => s.Levels.Select(l => (Scale: s, Level: l))).ToArray();
        headers.AddRange(levels.Select(x => mixed ? $"{x.Scale.Name}: {x.Level.Label}" : x.Level.Label));
        if (mixed) headers.AddRange(["Nhóm bình thường", "Nhóm không hài lòng"]);
        headers.AddRange(["Số hài lòng", "Tỷ lệ hài lòng", "Cận dưới (95 %)", "Cận trên (95 %)", "Chỉ tiêu", "Kết quả"]);
        var widths = new List<double>();
        if (ranked) widths.Add(7);
        widths.AddRange([16, 40, 12]);
        widths.AddRange(levels.Select(_ => mixed ? 22.0 : 14.0));
        if (mixed) widths.AddRange([14, 14]);
        widths.AddRange([11, 14, 14, 14, 10, 14]);
        return new ReportTable(section, title, headers, rows.Select(x =>
        {
            var r = x.Row;
            var cells = new List<ReportCell>();
            if (ranked) cells.Add(x.Rank > 0 ? new ReportCell.Count(x.Rank) : new ReportCell.Text("Chưa xếp hạng"));
            cells.AddRange([new ReportCell.Text(r.Key), new ReportCell.Text(r.Name), new ReportCell.Count(r.Total)]);
            cells.AddRange(levels.Select(x => (ReportCell)new ReportCell.Count(
                r.CountsByScale.TryGetValue(x.Scale.Id, out var counts) ? counts.GetValueOrDefault(x.Level.Score) : 0)));
            if (mixed) cells.AddRange([new ReportCell.Count(r.Groups.Neutral), new ReportCell.Count(r.Groups.NotSatisfied)]);
            cells.AddRange([new ReportCell.Count(r.Satisfied), new ReportCell.Share(r.Rate), new ReportCell.Share(r.CiLow), new ReportCell.Share(r.CiHigh),
                new ReportCell.Share(r.Target), new ReportCell.Text(StatusText(r.Status))]);
            return (IReadOnlyList<ReportCell>)cells;
        }).ToArray(), widths);
    }

    private static ReportTable Trend(ReportDocument d)
    {
        var months = d.Trend.FirstOrDefault()?.Months.Select(m => m.Month).ToArray() ?? [];
        var headers = new List<string> { "Lĩnh vực" };
        headers.AddRange(months.Select(m => $"{m[5..]}/{m[..4]}"));
        return new ReportTable("trend", "Xu hướng 12 tháng", headers,
            d.Trend.Select(t => (IReadOnlyList<ReportCell>)[new ReportCell.Text(t.FieldName), .. t.Months.Select(m => (ReportCell)new ReportCell.Share(m.Rate))]).ToArray(),
            [30, .. months.Select(_ => 10.0)]);
    }
}
