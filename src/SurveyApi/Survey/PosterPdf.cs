using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Reports;
using ParSurvey.SurveyApi.Reports.Documents;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ParSurvey.SurveyApi.Survey;

/// <summary>
/// The A5 QR poster as a PDF, one page a counter: what the HTML poster says, in the document font (embedded whole, so
/// unit and counter names print with their marks on any printer), and the QR code drawn as vector squares of the same
/// plain-ASCII link, sharp at any size.
/// </summary>
public static class PosterPdf
{
    private const double Width = 419.53, Height = 595.28; // A5 in points
    private static readonly double Margin = XUnit.FromMillimeter(12).Point, QrSize = XUnit.FromMillimeter(75).Point;

    public static async Task<IResult> Render(string counterId, HttpContext context, PosterLinks posters, CatalogProvider catalogs,
        IOptions<OfficialDocumentOptions> options, CancellationToken ct)
    {
        var catalog = catalogs.Current;
        if (catalog.FindCounter(counterId) is not { } counter || !SurveyLinksApi.MayPrint(context.User, catalog, counter))
            return TypedResults.NotFound();
        return await FileAsync([counter], $"ap-phich-{counter.Id}.pdf", catalog, context, posters, options.Value, ct);
    }

    /// <summary>Every poster of a unit and its sub-units, one A5 page each.</summary>
    public static async Task<IResult> RenderUnit(string unitId, HttpContext context, PosterLinks posters, CatalogProvider catalogs,
        IOptions<OfficialDocumentOptions> options, CancellationToken ct)
    {
        var catalog = catalogs.Current;
        if (catalog.FindUnit(unitId) is null) return TypedResults.NotFound();
        var counters = catalog.CountersUnder(unitId).Where(c => SurveyLinksApi.MayPrint(context.User, catalog, c)).ToArray();
        if (counters.Length == 0) return TypedResults.NotFound();
        return await FileAsync(counters, $"ap-phich-{unitId}.pdf", catalog, context, posters, options.Value, ct);
    }

    private static async Task<IResult> FileAsync(IReadOnlyList<Counter> counters, string name, SurveyCatalog catalog, HttpContext context,
        PosterLinks posters, OfficialDocumentOptions options, CancellationToken ct)
    {
        var family = DocumentFonts.Register(options);
        using var pdf = new PdfDocument();
        pdf.Info.Title = "Mã QR đánh giá mức độ hài lòng";
        foreach (var counter in counters)
        {
            var (_, _, url) = await posters.CurrentAsync(counter, context.User.Actor(), ct);
            Page(pdf, family, catalog.FindUnit(counter.UnitId)!.Name, counter.Name, url);
        }
        return TypedResults.File(PdfFiles.Save(pdf), "application/pdf", name);
    }

    private static void Page(PdfDocument pdf, string family, string unit, string counter, string url)
    {
        var page = pdf.AddPage();
        page.Width = XUnit.FromPoint(Width);
        page.Height = XUnit.FromPoint(Height);
        using var gfx = XGraphics.FromPdfPage(page);
        var box = new XRect(Margin, Margin, Width - 2 * Margin, 0);
        var y = Lines(gfx, unit, DocumentTypefaces.Font(family, 15, XFontStyleEx.Regular), box, Margin);
        y = Lines(gfx, counter, DocumentTypefaces.Font(family, 20, XFontStyleEx.Bold), box, y + 6);
        y = Lines(gfx, "Ông/Bà hài lòng với sự phục vụ hôm nay chứ?", DocumentTypefaces.Font(family, 16, XFontStyleEx.Italic), box, y + 8);

        var modules = QrImages.Modules(url);
        var size = QrSize / modules.Length;
        var left = (Width - QrSize) / 2;
        var top = y + 6;
        for (var row = 0; row < modules.Length; row++)
            for (var column = 0; column < modules[row].Length; column++)
                if (modules[row][column])
                    gfx.DrawRectangle(XBrushes.Black, left + column * size, top + row * size, size + 0.05, size + 0.05);
        y = top + QrSize + 8;

        var steps = DocumentTypefaces.Font(family, 14, XFontStyleEx.Regular);
        foreach (var step in new[] { "1. Mở máy ảnh hoặc Zalo trên điện thoại.", "2. Quét mã QR ở trên.", "3. Chọn mức độ hài lòng – chỉ mất vài giây." })
            y = Lines(gfx, step, steps, box, y);
        y = Lines(gfx, "Đánh giá ẩn danh, không thu thập họ tên hay số điện thoại.", DocumentTypefaces.Font(family, 12, XFontStyleEx.Italic), box, y + 6);
        Lines(gfx, url, DocumentTypefaces.Font(family, 9, XFontStyleEx.Regular), box, Math.Max(y + 4, Height - Margin - 12));
    }

    /// <summary>Centred lines, wrapped at spaces (a long link at any character); answers the y below them.</summary>
    private static double Lines(XGraphics gfx, string text, XFont font, XRect box, double y)
    {
        var line = "";
        foreach (var word in text.Split(' '))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && gfx.MeasureString(candidate, font).Width > box.Width)
            {
                y = Draw(line);
                line = word;
            }
            else line = candidate;
        }
        return Draw(line);

        double Draw(string s)
        {
            while (s.Length > 1 && gfx.MeasureString(s, font).Width > box.Width)
            {
                var fits = s.Length - 1;
                while (fits > 1 && gfx.MeasureString(s[..fits], font).Width > box.Width) fits--;
                gfx.DrawString(s[..fits], font, XBrushes.Black, new XRect(box.X, y, box.Width, font.Size), XStringFormats.TopCenter);
                y += font.Size * 1.25;
                s = s[fits..];
            }
            gfx.DrawString(s, font, XBrushes.Black, new XRect(box.X, y, box.Width, font.Size), XStringFormats.TopCenter);
            return y + font.Size * 1.25;
        }
    }
}
