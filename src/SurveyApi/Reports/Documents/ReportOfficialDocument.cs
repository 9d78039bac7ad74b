using System.Globalization;
using ParSurvey.Analytics;
using ParSurvey.Analytics.Reports;

namespace ParSurvey.SurveyApi.Reports.Documents;

/// <summary>
/// The satisfaction report as the document an office files: numbers and words from <see cref="ReportTables"/> (so the
/// document cannot disagree with the spreadsheet), under the header of the unit it is issued for.
/// </summary>
public static class ReportOfficialDocument
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>Seven no-break spaces: room for the number the records office writes in by hand.</summary>
    public const string NumberGap = "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0";

    public static OfficialDocument Build(ReportDocument d, DocumentHeader header) => new(
        header with { ParentBody = header.ParentBody.ToUpper(Vi), IssuingBody = header.IssuingBody.ToUpper(Vi),
            SignerAuthority = header.SignerAuthority.ToUpper(Vi), SignerTitle = header.SignerTitle.ToUpper(Vi) },
        $"Số:{NumberGap}/{header.Symbol}",
        PlaceAndDate(header.Place, VietnamTime.LocalDate(d.GeneratedAt)),
        "BÁO CÁO", Title(d), Body(d).ToArray());

    /// <summary>The title, in capitals as Nghị định 30 has it.</summary>
    public static string Title(ReportDocument d) =>
        $"KẾT QUẢ KHẢO SÁT MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN – {d.Period.Label.ToUpper(Vi)} – {d.UnitName.ToUpper(Vi)}";

    /// <summary>"Phường Sài Gòn, ngày 05 tháng 02 năm 2026": days below 10 and months 1 and 2 with a leading zero.</summary>
    public static string PlaceAndDate(string place, DateOnly date) =>
        $"{place}, ngày {date.Day:00} tháng {(date.Month < 3 ? date.Month.ToString("00", CultureInfo.InvariantCulture) : date.Month.ToString(CultureInfo.InvariantCulture))} năm {date.Year}";

    private static IEnumerable<DocumentBlock> Body(ReportDocument d)
    {
        var s = d.Summary.Current;
        yield return new DocumentBlock.Paragraph("Thực hiện kế hoạch cải cách hành chính, báo cáo kết quả khảo sát mức độ hài lòng của người dân, tổ chức " +
            $"đối với sự phục vụ tại Bộ phận Một cửa của {d.UnitName}, {ReportTables.PeriodText(d)} (giờ Việt Nam), như sau:");
        yield return new DocumentBlock.Heading("1. Kết quả chung");
        yield return new DocumentBlock.Paragraph(s.Total == 0
            ? $"Trong kỳ chưa có lượt đánh giá nào; chưa tính được tỷ lệ hài lòng (chỉ tiêu {ReportTables.Percent(s.Target)})."
            : $"Tổng số lượt đánh giá: {N(s.Total)}; số lượt hài lòng: {N(s.Satisfied)}. Tỷ lệ hài lòng: {ReportTables.Percent(s.Rate)} " +
              $"(khoảng tin cậy 95 %: {ReportTables.Interval(s)}); chỉ tiêu {ReportTables.Percent(s.Target)}: {Status(s.Status)}.");
        var previous = d.Summary.Previous;
        yield return new DocumentBlock.Paragraph(previous.Total == 0
            ? $"Kỳ trước ({d.PreviousPeriod.Label}) chưa có lượt đánh giá để so sánh."
            : $"So với {d.PreviousPeriod.Label} ({ReportTables.Percent(previous.Rate)} trên {N(previous.Total)} lượt): {d.Summary.Change.Judgement}");

        yield return new DocumentBlock.Heading("2. Kết quả theo lĩnh vực thủ tục hành chính");
        var fields = d.Fields.Where(f => f.Total > 0).ToArray();
        yield return fields.Length == 0
            ? new DocumentBlock.Paragraph("Trong kỳ chưa có lĩnh vực nào được đánh giá.")
            : RateTable("STT", "Lĩnh vực", fields.Select((f, i) => ((i + 1).ToString(Vi), f)));

        yield return new DocumentBlock.Heading("3. Kết quả theo đơn vị");
        var units = d.Units.Select(u => (u.Rank.ToString(Vi), u.Row))
            .Concat(d.UnitsTooFewToRank.Where(u => u.Total > 0).Select(u => ("–", u))).ToArray();
        yield return units.Length == 0
            ? new DocumentBlock.Paragraph("Trong kỳ chưa có đơn vị nào được đánh giá.")
            : RateTable("Hạng", "Đơn vị", units);

        yield return new DocumentBlock.Heading("4. Những nội dung chưa đạt chỉ tiêu");
        if (d.Summary.FieldsBelow.Count + d.Summary.UnitsBelow.Count == 0)
            yield return new DocumentBlock.Paragraph("Không có lĩnh vực hoặc đơn vị nào chưa đạt chỉ tiêu.");
        foreach (var f in d.Summary.FieldsBelow) yield return new DocumentBlock.Paragraph("- Lĩnh vực " + ReportTables.BelowText(f) + ".", Item: true);
        foreach (var u in d.Summary.UnitsBelow) yield return new DocumentBlock.Paragraph("- Đơn vị " + ReportTables.BelowText(u) + ".", Item: true);

        yield return new DocumentBlock.Paragraph($"Ghi chú: \"chưa đủ mẫu\" khi có dưới {d.MinSample} lượt đánh giá; \"chưa đạt\" khi cận trên " +
            "khoảng tin cậy 95 % dưới chỉ tiêu, hoặc khi đủ mẫu và tỷ lệ dưới chỉ tiêu. Số liệu chi tiết kèm theo trong tệp Excel cùng kỳ.", Italic: true);
    }

    private static DocumentBlock.Table RateTable(string first, string what, IEnumerable<(string First, SatisfactionRow Row)> rows) => new(
        [first, what, "Số lượt đánh giá", "Tỷ lệ hài lòng", "Khoảng tin cậy 95 %", "Kết quả"],
        rows.Select(x => (IReadOnlyList<string>)[x.First, x.Row.Name, N(x.Row.Total), ReportTables.Percent(x.Row.Rate), ReportTables.Interval(x.Row),
            ReportTables.StatusText(x.Row.Status)]).ToArray(),
        [11, 42, 16, 15, 26, 15], "CLRRCC");

    private static string N(long n) => n.ToString("N0", Vi);

    private static string Status(SatisfactionStatus status) => status switch
    {
        SatisfactionStatus.Met => "đạt",
        SatisfactionStatus.Below => "chưa đạt",
        _ => "chưa đủ mẫu để đánh giá",
    };
}
