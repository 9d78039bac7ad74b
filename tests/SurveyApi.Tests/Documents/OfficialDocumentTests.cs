using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Documents;

/// <summary>
/// The report as the document an office files, met as a person meets it: the PDF printed (pdftoppm) and read (Tesseract,
/// Vietnamese), the DOCX opened in LibreOffice, both checked by Ghostscript and pdffonts.
/// </summary>
public sealed class OfficialDocumentTests(DocumentServer fixture) : IClassFixture<DocumentServer>
{
    private static readonly TimeSpan Http = TimeSpan.FromSeconds(60), Tools = TimeSpan.FromMinutes(6);
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
    private static readonly string[] Forbidden = ["System.", "{ Key =", "Dictionary"];
    private const string Signer = "(Ký, ghi rõ họ tên)";

    [Fact]
    public Task MonthlyReportOfAWardReadsWithEveryMarkInPdfAndDocx() => ReadsAsFiledAsync(
        $"period=2026-11&unitId={DocumentServer.Ward}", "thang", DocumentServer.WardName, "Tháng 11/2026",
        r => r.Day.Month == 11 && DocumentServer.UnitOf[r.Counter] == DocumentServer.Ward);

    [Fact]
    public Task CchcYearReportOfTheCityReadsWithEveryMarkInPdfAndDocx() => ReadsAsFiledAsync(
        "period=cchc-year-2026", "cchc", DocumentServer.CityName, "Năm 2026 (kỳ báo cáo CCHC)",
        r => r.Day >= new DateOnly(2025, 12, 15) && r.Day <= new DateOnly(2026, 11, 30));

    [Fact]
    public Task ReportWithNoRatingsSaysSoInPdfAndDocx() => ReadsAsFiledAsync(
        $"period=2026-06&unitId={DocumentServer.Centre}", "trong", DocumentServer.CentreName, "Tháng 06/2026", _ => false);

    [Fact]
    public async Task AnUnknownFormatIsRefusedNamingDocxAmongTheAllowed()
    {
        var admin = await fixture.Server.AdminAsync().WaitAsync(Http);
        var response = await admin.GetAsync("/api/reports?period=2026-11&format=odt").WaitAsync(Http);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>().WaitAsync(Http);
        var message = problem.GetProperty("errors").GetProperty("format")[0].GetString()!;
        Assert.Contains("docx", message);
        Assert.Contains("pdf", message);
    }

    [Fact]
    public async Task AReportJobArchivesThePdfAndDocxWhenAskedAndServesThemAsTheyAre()
    {
        var admin = await fixture.Server.AdminAsync().WaitAsync(Http);
        var started = await admin.PostAsJsonAsync("/api/reports/jobs", new { period = "2026-10", formats = new[] { "pdf", "docx" } }).WaitAsync(Http);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;
        JsonElement job = default;
        Assert.True(await Eventually.TrueAsync(() =>
        {
            job = admin.GetFromJsonAsync<JsonElement>(location).WaitAsync(Http).Result;
            return job.GetProperty("state").GetString() == "done";
        }, TimeSpan.FromSeconds(120)), job.ToString());
        var archived = (await admin.GetFromJsonAsync<JsonElement[]>("/api/reports/archive?period=2026-10").WaitAsync(Http))!;
        // The city-wide report and each of the catalog's three units (the city unit and its two), in both formats.
        Assert.Equal(8, archived.Length);
        foreach (var entry in archived)
        {
            var response = await admin.GetAsync($"/api/reports/archive/{entry.GetProperty("id").GetString()}").WaitAsync(Http);
            var bytes = await response.Content.ReadAsByteArrayAsync().WaitAsync(Http);
            var (type, magic) = entry.GetProperty("format").GetString() == "pdf" ? ("application/pdf", "%PDF"u8.ToArray()) :
                ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK"u8.ToArray());
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(magic, bytes[..magic.Length]);
        }
    }

    private async Task ReadsAsFiledAsync(string query, string name, string unitName, string period, Func<(string Counter, int Score, DateOnly Day), bool> inReport)
    {
        var admin = await fixture.Server.AdminAsync().WaitAsync(Http);
        var folder = Directory.CreateDirectory(Path.Combine(fixture.Folder, name)).FullName;
        var pdf = Path.Combine(folder, "report.pdf");
        var docx = Path.Combine(folder, "report.docx");
        await File.WriteAllBytesAsync(pdf, await admin.GetByteArrayAsync($"/api/reports?{query}&format=pdf").WaitAsync(Http));
        await File.WriteAllBytesAsync(docx, await admin.GetByteArrayAsync($"/api/reports?{query}&format=docx").WaitAsync(Http));
        var sheets = ReportFiles.ReadSheets(await admin.GetByteArrayAsync($"/api/reports?{query}&format=xlsx").WaitAsync(Http));

        // The headline as the spreadsheet has it, and as this test counts it from what it seeded (satisfied: 3 or 4 of 4).
        var rateCell = sheets.Values.SelectMany(s => s).First(r => r.Count > 1 && r[0] == "Tỷ lệ hài lòng")[1];
        var mine = fixture.Ratings.Where(inReport).ToList();
        string headline;
        if (mine.Count == 0)
        {
            Assert.Equal("–", rateCell); // the spreadsheet's word for "no rate"
            headline = "chưa có lượt đánh giá";
        }
        else
        {
            var rate = double.Parse(rateCell, CultureInfo.InvariantCulture);
            Assert.Equal((double)mine.Count(r => r.Score >= 3) / mine.Count, rate, 1e-9);
            headline = (rate * 100).ToString("0.0", Vi) + " %";
        }

        // Word's repair prompt comes from markup outside the schema (an element out of order, a missing part): none here.
        using (var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(docx, false))
        {
            var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator(DocumentFormat.OpenXml.FileFormatVersions.Office2010).Validate(word)
                .Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, string.Join('\n', errors));
            var body = word.MainDocumentPart!.Document.Body!;
            Assert.All(body.Descendants<DocumentFormat.OpenXml.Wordprocessing.RunFonts>(), f => Assert.Equal("Times New Roman", f.Ascii?.Value));
            Assert.NotEmpty(word.MainDocumentPart.StyleDefinitionsPart!.Styles!.Descendants<DocumentFormat.OpenXml.Wordprocessing.RunFonts>()
                .Where(f => f.Ascii?.Value == "Times New Roman"));
        }
        var libreOfficePdf = await DocumentTools.DocxToPdfAsync(docx).WaitAsync(Tools);
        var read = await Task.WhenAll(DocumentTools.OcrPageAsync(pdf, 1), DocumentTools.OcrPageAsync(libreOfficePdf, 1)).WaitAsync(Tools);
        foreach (var (file, ocr) in new[] { ("PDF", read[0]), ("DOCX", read[1]) })
            foreach (var expected in new[] { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", unitName, period, headline })
                Assert.True(ocr.Contains(expected, StringComparison.Ordinal), $"{file} page 1 as read by Tesseract lacks \"{expected}\":\n{ocr}");

        foreach (var file in new[] { pdf, libreOfficePdf })
        {
            var text = await DocumentTools.TextAsync(file).WaitAsync(Tools);
            foreach (var bad in Forbidden) Assert.DoesNotContain(bad, text);
            // An empty section says so in one line, no empty table.
            if (mine.Count == 0)
                foreach (var empty in new[] { "Trong kỳ chưa có lĩnh vực nào được đánh giá.", "Trong kỳ chưa có đơn vị nào được đánh giá." })
                    Assert.Contains(empty, text);
            Assert.Equal("", await DocumentTools.GhostscriptComplaintsAsync(file).WaitAsync(Tools));
            await SignatureSharesItsPageWithBodyTextAsync(file);
        }
        foreach (var font in await DocumentTools.FontsAsync(pdf).WaitAsync(Tools))
        {
            Assert.True(font.Embedded, $"{font.Name} is not embedded");
            Assert.Matches("Liberation ?Serif|Times ?New ?Roman", font.Name);
        }
        Assert.Equal(Words(await PagesAsync(pdf)), Words(await PagesAsync(libreOfficePdf)));
    }

    /// <summary>The page with the signer's name also carries the end of the body (its last paragraph, "Ghi chú: …").</summary>
    private static async Task SignatureSharesItsPageWithBodyTextAsync(string pdf)
    {
        var pages = await PagesAsync(pdf);
        var signed = pages.FindLastIndex(p => p.Contains(Signer));
        Assert.True(signed >= 0, $"no page of {pdf} has the signer");
        Assert.True(pages[signed].Contains("Số liệu chi tiết kèm theo"), $"page {signed + 1} of {pdf} has the signature without the last paragraph:\n{pages[signed]}");
    }

    private static async Task<List<string>> PagesAsync(string pdf)
    {
        var count = await DocumentTools.PageCountAsync(pdf).WaitAsync(Tools);
        var pages = new List<string>();
        for (var page = 1; page <= count; page++) pages.Add(await DocumentTools.TextAsync(pdf, page).WaitAsync(Tools));
        return pages;
    }

    /// <summary>
    /// The words of the document, as a sorted bag: the two renderers may order the header's two columns differently,
    /// and the page numbers (the first word of pages 2…) depend on where pages break, so those are left out.
    /// </summary>
    private static string Words(List<string> pages) => string.Join(' ', pages
        .SelectMany((text, i) =>
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return i > 0 && words.Length > 0 && words[0] == (i + 1).ToString(CultureInfo.InvariantCulture) ? words[1..] : words;
        })
        .Order(StringComparer.Ordinal));
}
