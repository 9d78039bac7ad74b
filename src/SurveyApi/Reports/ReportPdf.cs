using System.Globalization;
using ParSurvey.Analytics;
using ParSurvey.Analytics.Reports;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>
/// The report as an office files it: an A4 administrative document in the layout of Nghị định 30/2020/NĐ-CP —
/// issuing body top left with its số/ký hiệu, Quốc hiệu and Tiêu ngữ top right with place and date, the title in
/// capitals, the body, "Nơi nhận:" bottom left and the signer bottom right. Drawn as text with PDFsharp (searchable,
/// copyable, small), in DejaVu Serif for the Vietnamese letters; the numbers are those of the other formats
/// (<see cref="ReportTables"/>), so the PDF cannot disagree with the spreadsheet.
/// </summary>
public static class ReportPdf
{
    // Margins of Nghị định 30 (Phụ lục I): top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
    private static readonly double Left = XUnit.FromMillimeter(30).Point, Right = XUnit.FromMillimeter(15).Point,
        Top = XUnit.FromMillimeter(20).Point, Bottom = XUnit.FromMillimeter(20).Point;
    private const double PageWidth = 595.28, PageHeight = 841.89; // A4 in points
    private static readonly double TextWidth = PageWidth - Left - Right;
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static byte[] Write(ReportDocument d, OfficialDocumentOptions options)
    {
        DejaVuFonts.Install(options.FontDirectory);
        using var pdf = new PdfDocument();
        pdf.Info.Title = Title(d);
        pdf.Info.Author = Issuer(d, options);
        var writer = new Writer(pdf);

        // Header: two columns of centred lines.
        var leftColumn = new XRect(Left - 20, Top, 190, 120);
        var rightColumn = new XRect(Left + 165, Top, TextWidth - 165 + 15, 120);
        var y = Top;
        if (options.ParentBody.Length > 0) y = writer.Centered(options.ParentBody.ToUpper(Vi), Fonts.Regular12, leftColumn with { Y = y });
        y = writer.Centered(Issuer(d, options).ToUpper(Vi), Fonts.Bold12, leftColumn with { Y = y });
        writer.Rule(leftColumn.X + leftColumn.Width / 2 - 30, y + 1, 60);
        writer.Centered(options.Number, Fonts.Regular13, leftColumn with { Y = y + 8 });
        var ry = writer.Centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Fonts.Bold11, rightColumn);
        ry = writer.Centered("Độc lập - Tự do - Hạnh phúc", Fonts.Bold13, rightColumn with { Y = ry });
        writer.Rule(rightColumn.X + rightColumn.Width / 2 - 75, ry + 1, 150);
        writer.Centered(PlaceAndDate(options.Place, VietnamTime.LocalDate(d.GeneratedAt)), Fonts.Italic12, rightColumn with { Y = ry + 8 });

        // Title and body.
        writer.Y = Top + 125;
        writer.Centered("BÁO CÁO", Fonts.Bold14, new XRect(Left, writer.Y, TextWidth, 20), advance: true);
        writer.Centered(Title(d), Fonts.Bold13, new XRect(Left, writer.Y, TextWidth, 20), advance: true);
        writer.Y += 14;
        foreach (var paragraph in Body(d)) writer.Paragraph(paragraph.Text, paragraph.Bold ? Fonts.Bold13 : Fonts.Regular13);

        // Recipients bottom left, signer bottom right, side by side.
        writer.Y += 18;
        writer.EnsureRoom(110);
        var blockTop = writer.Y;
        var recipients = new XRect(Left, blockTop, TextWidth / 2, 100);
        var ly = writer.Line("Nơi nhận:", Fonts.BoldItalic12, recipients.X, blockTop);
        foreach (var r in options.Recipients) ly = writer.Line("- " + r, Fonts.Regular11, recipients.X, ly);
        var signer = new XRect(Left + TextWidth / 2, blockTop, TextWidth / 2, 100);
        var sy = writer.Centered(options.SignerTitle.ToUpper(Vi), Fonts.Bold13, signer);
        writer.Centered(options.SignerName, Fonts.Bold13, signer with { Y = sy + 60 });

        using var stream = new MemoryStream();
        pdf.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>"Kết quả khảo sát mức độ hài lòng ... tháng 11/2026 của Phường Sài Gòn" (title, in capitals as Nghị định 30 has it).</summary>
    public static string Title(ReportDocument d) =>
        $"KẾT QUẢ KHẢO SÁT MỨC ĐỘ HÀI LÒNG CỦA NGƯỜI DÂN – {d.Period.Label.ToUpper(Vi)} – {d.UnitName.ToUpper(Vi)}";

    private static string Issuer(ReportDocument d, OfficialDocumentOptions options) =>
        options.IssuingBody.Length > 0 ? options.IssuingBody : d.UnitName;

    /// <summary>"Phường Sài Gòn, ngày 05 tháng 02 năm 2026": days below 10 and months 1 and 2 with a leading zero.</summary>
    public static string PlaceAndDate(string place, DateOnly date) =>
        $"{place}, ngày {date.Day:00} tháng {(date.Month < 3 ? date.Month.ToString("00", CultureInfo.InvariantCulture) : date.Month.ToString(CultureInfo.InvariantCulture))} năm {date.Year}";

    private static IEnumerable<(string Text, bool Bold)> Body(ReportDocument d)
    {
        var s = d.Summary.Current;
        yield return ($"Thực hiện kế hoạch cải cách hành chính, báo cáo kết quả khảo sát mức độ hài lòng của người dân, tổ chức đối với " +
                      $"sự phục vụ tại Bộ phận Một cửa của {d.UnitName}, {ReportTables.PeriodText(d)} (giờ Việt Nam), như sau:", false);
        yield return ("1. Kết quả chung", true);
        yield return ($"Tổng số lượt đánh giá: {s.Total.ToString("N0", Vi)}; số lượt hài lòng: {s.Satisfied.ToString("N0", Vi)}. " +
                      $"Tỷ lệ hài lòng: {ReportTables.Percent(s.Rate)} (khoảng tin cậy 95 %: {ReportTables.Interval(s)}); " +
                      $"chỉ tiêu {ReportTables.Percent(s.Target)}: {StatusText(s.Status)}.", false);
        yield return ($"So với {d.PreviousPeriod.Label} ({ReportTables.Percent(d.Summary.Previous.Rate)}, {d.Summary.Previous.Total.ToString("N0", Vi)} lượt): " +
                      $"{d.Summary.Change.Judgement}", false);
        yield return ("2. Theo lĩnh vực thủ tục hành chính", true);
        foreach (var f in d.Fields.Where(f => f.Total > 0))
            yield return ($"- {f.Name}: {f.Total.ToString("N0", Vi)} lượt, hài lòng {ReportTables.Percent(f.Rate)} (chỉ tiêu {ReportTables.Percent(f.Target)}): {StatusText(f.Status)}.", false);
        if (!d.Fields.Any(f => f.Total > 0)) yield return ("Chưa có đánh giá trong kỳ.", false);
        yield return ("3. Những nội dung chưa đạt chỉ tiêu", true);
        yield return (d.Summary.FieldsBelow.Count + d.Summary.UnitsBelow.Count == 0
            ? "Không có lĩnh vực hoặc đơn vị nào chưa đạt chỉ tiêu với đủ số lượt đánh giá."
            : string.Join(" ", new[]
            {
                d.Summary.FieldsBelow.Count > 0 ? $"Lĩnh vực: {string.Join(", ", d.Summary.FieldsBelow)}." : "",
                d.Summary.UnitsBelow.Count > 0 ? $"Đơn vị: {string.Join(", ", d.Summary.UnitsBelow)}." : "",
            }.Where(x => x.Length > 0)), false);
        yield return ($"Ghi chú: trạng thái \"chưa đủ mẫu\" khi có dưới {d.MinSample} lượt đánh giá; số liệu chi tiết kèm theo trong tệp Excel cùng kỳ.", false);
    }

    private static string StatusText(SatisfactionStatus status) => status switch
    {
        SatisfactionStatus.Met => "đạt",
        SatisfactionStatus.Below => "chưa đạt",
        _ => "chưa đủ mẫu để đánh giá",
    };

    private static class Fonts
    {
        public static readonly XFont Regular11 = new(DejaVuFonts.Family, 11, XFontStyleEx.Regular);
        public static readonly XFont Regular12 = new(DejaVuFonts.Family, 12, XFontStyleEx.Regular);
        public static readonly XFont Regular13 = new(DejaVuFonts.Family, 12.5, XFontStyleEx.Regular);
        public static readonly XFont Bold12 = new(DejaVuFonts.Family, 12, XFontStyleEx.Bold);
        public static readonly XFont Bold13 = new(DejaVuFonts.Family, 12.5, XFontStyleEx.Bold);
        public static readonly XFont Bold14 = new(DejaVuFonts.Family, 14, XFontStyleEx.Bold);
        public static readonly XFont Italic12 = new(DejaVuFonts.Family, 12, XFontStyleEx.Italic);
        public static readonly XFont Bold11 = new(DejaVuFonts.Family, 11, XFontStyleEx.Bold);
        public static readonly XFont BoldItalic12 = new(DejaVuFonts.Family, 12, XFontStyleEx.BoldItalic);
    }

    /// <summary>Lines of text down the page, wrapped at word boundaries, onto a new page when one is full.</summary>
    private sealed class Writer(PdfDocument pdf)
    {
        private XGraphics _gfx = XGraphics.FromPdfPage(NewPage(pdf));
        public double Y { get; set; } = Top;

        private static PdfPage NewPage(PdfDocument pdf)
        {
            var page = pdf.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            return page;
        }

        public void EnsureRoom(double height)
        {
            if (Y + height <= PageHeight - Bottom) return;
            _gfx.Dispose();
            _gfx = XGraphics.FromPdfPage(NewPage(pdf));
            Y = Top;
        }

        /// <summary>Centred, wrapped lines in the box; answers the y below them.</summary>
        public double Centered(string text, XFont font, XRect box, bool advance = false)
        {
            var y = box.Y;
            foreach (var line in Wrap(text, font, box.Width))
            {
                _gfx.DrawString(line, font, XBrushes.Black, new XRect(box.X, y, box.Width, font.Height), XStringFormats.TopCenter);
                y += font.Height * 1.15;
            }
            if (advance) Y = y;
            return y;
        }

        public double Line(string text, XFont font, double x, double y)
        {
            _gfx.DrawString(text, font, XBrushes.Black, new XRect(x, y, TextWidth, font.Height), XStringFormats.TopLeft);
            return y + font.Height * 1.2;
        }

        public void Rule(double x, double y, double width) => _gfx.DrawLine(new XPen(XColors.Black, 0.6), x, y, x + width, y);

        /// <summary>A body paragraph: first line indented 1 cm, 6 pt after, as offices set their documents.</summary>
        public void Paragraph(string text, XFont font)
        {
            var indent = XUnit.FromMillimeter(10).Point;
            var first = true;
            foreach (var line in Wrap(text, font, TextWidth - indent, TextWidth))
            {
                EnsureRoom(font.Height * 1.3);
                _gfx.DrawString(line, font, XBrushes.Black, new XRect(Left + (first ? indent : 0), Y, TextWidth, font.Height), XStringFormats.TopLeft);
                Y += font.Height * 1.3;
                first = false;
            }
            Y += 6;
        }

        private IEnumerable<string> Wrap(string text, XFont font, double firstWidth, double? restWidth = null)
        {
            var width = firstWidth;
            var line = "";
            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && _gfx.MeasureString(candidate, font).Width > width)
                {
                    yield return line;
                    line = word;
                    width = restWidth ?? firstWidth;
                }
                else line = candidate;
            }
            if (line.Length > 0) yield return line;
        }
    }
}
