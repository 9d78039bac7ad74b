using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Documents;

/// <summary>The document font an office configures: checked at start-up, used in the PDF when right.</summary>
public sealed class DocumentFontSettingsTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);
    private const string Liberation = "/usr/share/fonts/truetype/liberation2";
    private readonly string _fonts = TempFolder.Create();

    [Fact]
    public async Task AMissingFontFileStopsStartUpNamingTheSettingAndThePath()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ParSurveyServer.StartAsync(
            extraArgs: ["--ParSurvey:Reports:Document:BoldFont=timesbd.ttf"]).WaitAsync(Wait));
        Assert.Contains("ParSurvey:Reports:Document:BoldFont", e.ToString());
        Assert.Contains(Path.Combine(Liberation, "timesbd.ttf"), e.ToString());
    }

    [Fact]
    public async Task AFileThatIsNotTrueTypeStopsStartUp()
    {
        foreach (var name in new[] { "times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf" })
            await File.WriteAllTextAsync(Path.Combine(_fonts, name), "not a font");
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ParSurveyServer.StartAsync(extraArgs: Settings()).WaitAsync(Wait));
        Assert.Contains($"{Path.Combine(_fonts, "times.ttf")} is not a TrueType font", e.ToString());
    }

    /// <summary>
    /// The office's own files, by folder and file names. DejaVu Serif's files stand in for Times New Roman here (no
    /// licence for it on a test machine) because they differ from the default: the PDF must embed them, not Liberation.
    /// </summary>
    [Fact]
    public async Task AnOfficesOwnFontFilesAreTheOnesEmbedded()
    {
        foreach (var (from, to) in new[] { ("", "times.ttf"), ("-Bold", "timesbd.ttf"), ("-Italic", "timesi.ttf"), ("-BoldItalic", "timesbi.ttf") })
            File.Copy($"/usr/share/fonts/truetype/dejavu/DejaVuSerif{from}.ttf", Path.Combine(_fonts, to));
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Settings()).WaitAsync(Wait);
        var admin = await server.AdminAsync().WaitAsync(Wait);
        var pdf = Path.Combine(_fonts, "report.pdf");
        await File.WriteAllBytesAsync(pdf, await admin.GetByteArrayAsync("/api/reports?period=2026-01&format=pdf").WaitAsync(Wait));
        var fonts = await DocumentTools.FontsAsync(pdf).WaitAsync(Wait);
        Assert.All(fonts, f => Assert.True(f.Embedded, f.Name));
        Assert.Contains(fonts, f => f.Name.EndsWith("DejaVu Serif,Bold"));
        Assert.DoesNotContain(fonts, f => f.Name.Contains("Liberation"));
        Assert.Equal("", await DocumentTools.GhostscriptComplaintsAsync(pdf).WaitAsync(Wait));
        // DejaVu Serif builds "ộ", "ự", "ạ" from composites of composites, the glyphs PDFsharp's subsetter lost: printed and
        // read back, every mark is there.
        var ocr = await DocumentTools.OcrPageAsync(pdf, 1).WaitAsync(Wait);
        foreach (var expected in new[] { "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc" })
            Assert.True(ocr.Contains(expected, StringComparison.Ordinal), $"the PDF in the office's font, as read by Tesseract, lacks \"{expected}\":\n{ocr}");
    }

    private string[] Settings() =>
    [
        $"--ParSurvey:Reports:Document:FontDirectory={_fonts}", "--ParSurvey:Reports:Document:RegularFont=times.ttf",
        "--ParSurvey:Reports:Document:BoldFont=timesbd.ttf", "--ParSurvey:Reports:Document:ItalicFont=timesi.ttf",
        "--ParSurvey:Reports:Document:BoldItalicFont=timesbi.ttf",
    ];

    public void Dispose() => Directory.Delete(_fonts, recursive: true);
}
