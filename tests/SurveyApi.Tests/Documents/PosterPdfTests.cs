using System.Net;
using System.Text.RegularExpressions;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Documents;

/// <summary>The A5 QR poster as a PDF: printed, read by Tesseract, scanned by zbar as a phone would.</summary>
public sealed partial class PosterPdfTests(DocumentServer fixture) : IClassFixture<DocumentServer>
{
    private static readonly TimeSpan Http = TimeSpan.FromSeconds(60), Tools = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task PosterPdfShowsTheNamesWithTheirMarksAndItsQrOpensThePostersLink()
    {
        var admin = await fixture.Server.AdminAsync().WaitAsync(Http);
        var html = await admin.GetStringAsync("/counters/q1/poster").WaitAsync(Http);
        var url = WebUtility.HtmlDecode(UrlLine().Match(html).Groups[1].Value);
        Assert.StartsWith("http", url);

        var folder = Directory.CreateDirectory(Path.Combine(fixture.Folder, "poster")).FullName;
        var pdf = Path.Combine(folder, "poster.pdf");
        await File.WriteAllBytesAsync(pdf, await admin.GetByteArrayAsync("/counters/q1/poster.pdf").WaitAsync(Http));
        Assert.Equal(1, await DocumentTools.PageCountAsync(pdf).WaitAsync(Tools));
        var image = await DocumentTools.PageImageAsync(pdf, 1).WaitAsync(Tools);
        var ocr = await DocumentTools.OcrAsync(image).WaitAsync(Tools);
        foreach (var expected in new[] { DocumentServer.WardName, DocumentServer.CounterName, "Ông/Bà hài lòng với sự phục vụ hôm nay chứ?" })
            Assert.True(ocr.Contains(expected, StringComparison.Ordinal), $"the poster as read by Tesseract lacks \"{expected}\":\n{ocr}");
        Assert.Equal(url, QrDecoder.Decode(await File.ReadAllBytesAsync(image)));

        Assert.Equal("", await DocumentTools.GhostscriptComplaintsAsync(pdf).WaitAsync(Tools));
        foreach (var font in await DocumentTools.FontsAsync(pdf).WaitAsync(Tools))
        {
            Assert.True(font.Embedded, $"{font.Name} is not embedded");
            Assert.Matches("Liberation ?Serif|Times ?New ?Roman", font.Name);
        }
    }

    [Fact]
    public async Task AUnitsPosterPdfHasOnePageForEachOfItsCounters()
    {
        var admin = await fixture.Server.AdminAsync().WaitAsync(Http);
        var folder = Directory.CreateDirectory(Path.Combine(fixture.Folder, "posters")).FullName;
        var pdf = Path.Combine(folder, "posters.pdf");
        await File.WriteAllBytesAsync(pdf, await admin.GetByteArrayAsync($"/admin/posters/pdf/{DocumentServer.Ward}").WaitAsync(Http));
        Assert.Equal(2, await DocumentTools.PageCountAsync(pdf).WaitAsync(Tools));
        Assert.Contains(DocumentServer.CounterName, await DocumentTools.TextAsync(pdf, 1).WaitAsync(Tools));
        Assert.Contains("Quầy Đất đai", await DocumentTools.TextAsync(pdf, 2).WaitAsync(Tools));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/posters/pdf/no-such-unit").WaitAsync(Http)).StatusCode);
    }

    [GeneratedRegex("""<p class="url">([^<]+)</p>""")]
    private static partial Regex UrlLine();
}
