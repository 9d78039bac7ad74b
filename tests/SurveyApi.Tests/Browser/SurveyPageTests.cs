using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class SurveyPageTests(BrowserFixture browser)
{
    private static readonly BrowserNewContextOptions Phone = new()
    {
        ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    private static async Task<string> LinkAsync(HttpClient creator, object request)
    {
        var response = await creator.PostAsJsonAsync("/api/qr-links", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }

    private static string Decode(byte[] png)
    {
        var file = Path.Combine(TempFolder.Create(), "qr.png");
        File.WriteAllBytes(file, png);
        using var zbar = Process.Start(new ProcessStartInfo("zbarimg", ["--raw", "-q", file]) { RedirectStandardOutput = true })!;
        var text = zbar.StandardOutput.ReadToEnd().Trim();
        Assert.True(zbar.WaitForExit(30_000), "zbarimg hung");
        return text;
    }

    [Fact]
    public async Task CounterPosterPngDecodesToItsSignedLink()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();
        var url = await LinkAsync(admin, new { counterId = "a2" });
        var png = await admin.GetByteArrayAsync("/api/counters/a2/qr.png");
        Assert.Equal(url, Decode(png));
        var svg = await admin.GetStringAsync("/api/counters/a2/qr.svg");
        Assert.StartsWith("<svg", svg.TrimStart());

        var poster = await admin.GetStringAsync("/counters/a2/poster");
        Assert.Contains("Quầy a2", poster);
        Assert.Contains("Quét mã QR", poster);
        Assert.Contains(WebUtility.HtmlEncode(url), poster);
    }

    [Fact]
    public async Task DossierReceiptPngFromTheOneStopSoftwareDecodesToAOneTimeLink()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var kiosk = await server.KioskAsync("a1");
        var response = await kiosk.PostAsJsonAsync("/api/qr-links?format=png", new { dossierNumber = "000.00.15.H29-261122-0007" });
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var url = Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("http://localhost:5080/s/", url);
        var info = await server.Client.GetFromJsonAsync<JsonElement>("/api/survey/" + url[(url.LastIndexOf('/') + 1)..]);
        Assert.Equal("ok", info.GetProperty("status").GetString());
        Assert.Equal("a1", info.GetProperty("counterId").GetString());
    }

    private static string PathOf(string url) => new Uri(url).AbsolutePath;

    /// <summary>A new phone that has opened a counter's poster link.</summary>
    private async Task<(IBrowserContext Context, IPage Page)> PhoneOnPosterAsync(ParSurveyServer server, string counterId)
    {
        var url = await LinkAsync(await server.AdminAsync(), new { counterId });
        var context = await browser.NewContextAsync(server, Phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync(PathOf(url));
        return (context, page);
    }

    [Fact]
    public async Task CitizenRatesOnAPhoneThroughTheCounterLink()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (context, page) = await PhoneOnPosterAsync(server, "a1");
        await using var _ = context;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ông/Bà đánh giá thế nào về sự phục vụ hôm nay?" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#counter-name")).ToHaveTextAsync("Quầy a1");
        await BrowserFixture.KeepScreenshotAsync(page, "survey.png");

        await page.GetByRole(AriaRole.Button, new() { Name = "Hài lòng", Exact = true }).TapAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cảm ơn Ông/Bà đã đánh giá!" })).ToBeVisibleAsync();
        Assert.Equal(1, server.Store.Count(r => r.Channel == "qr" && r.CounterId == "a1" && r.Score == 3));
    }

    [Fact]
    public async Task ACommentOverTheLimitIsCountedAsTypedRefusedWithWhatToDoAndNeverCut()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (context, page) = await PhoneOnPosterAsync(server, "a1");
        await using var _ = context;
        await page.GetByRole(AriaRole.Button, new() { Name = "Không hài lòng", Exact = true }).TapAsync();
        var box = page.GetByLabel("Góp ý thêm (không bắt buộc)");
        await Assertions.Expect(page.Locator("#comment-count")).ToHaveTextAsync("Còn 1000 ký tự");

        // 1,001 characters with Vietnamese marks (each one character, as the server counts in NFC).
        var start = string.Concat(Enumerable.Repeat("Chờ đợi quá lâu ở quầy. ", 50))[..990].TrimEnd();
        var text = start + new string('ệ', 1001 - start.Length); // no white space at either end: trimming changes nothing
        await box.FillAsync(text);
        await Assertions.Expect(page.Locator("#comment-count")).ToHaveTextAsync("Dài quá 1000 ký tự: vui lòng bớt 1 ký tự để gửi.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).TapAsync();
        await Assertions.Expect(page.Locator("#send-error")).ToHaveTextAsync("Dài quá 1000 ký tự: vui lòng bớt 1 ký tự để gửi.");
        Assert.Equal(text, await box.InputValueAsync()); // nothing cut
        Assert.Equal(0, server.Store.CountRatings());

        await box.FillAsync(text[..1000]);
        await Assertions.Expect(page.Locator("#comment-count")).ToHaveTextAsync("Còn 0 ký tự");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).TapAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cảm ơn Ông/Bà đã đánh giá!" })).ToBeVisibleAsync();
        Assert.Equal(text[..1000], Assert.Single(server.Store.Ratings()).Comment);
    }

    [Fact]
    public async Task DossierLinkUsedOnceIsPolitelyRefusedTheSecondTime()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var url = await LinkAsync(await server.KioskAsync("a2"), new { dossierNumber = "HS-2026-0042" });
        var context = await browser.NewContextAsync(server, Phone);
        await using var _ = context;
        var page = await context.NewPageAsync();
        await page.GotoAsync(PathOf(url));
        await page.GetByRole(AriaRole.Button, new() { Name = "Chứng thực" }).TapAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Không hài lòng" }).TapAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Phải bổ sung hồ sơ nhiều lần" }).CountAsync(); // not in this catalog
        await page.GetByRole(AriaRole.Button, new() { Name = "Thái độ cán bộ" }).TapAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).TapAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cảm ơn Ông/Bà đã đánh giá!" })).ToBeVisibleAsync();
        Assert.Equal(1, server.Store.Count(r => r.Channel == "qr" && r.FieldCode == "chung-thuc" && r.Reasons.SequenceEqual(["thai-do"]) && r.TokenId is not null));

        var again = await context.NewPageAsync();
        await again.GotoAsync(PathOf(url));
        await Assertions.Expect(again.GetByRole(AriaRole.Heading, new() { Name = "Hồ sơ này đã được đánh giá. Cảm ơn Ông/Bà!" })).ToBeVisibleAsync();
        await Assertions.Expect(again.GetByRole(AriaRole.Button, new() { Name = "Hài lòng", Exact = true })).ToHaveCountAsync(0);
        Assert.Equal(1, server.StoredRatings);
    }

    [Fact]
    public async Task ExpiredOrBrokenLinksSayWhatHappened()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock);
        var url = await LinkAsync(await server.AdminAsync(), new { counterId = "a1", dossierNumber = "HS-9", validHours = 1 });
        clock.Now = clock.Now.AddHours(2);
        var context = await browser.NewContextAsync(server, Phone);
        await using var _ = context;
        var page = await context.NewPageAsync();
        await page.GotoAsync(PathOf(url));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Liên kết khảo sát đã hết hạn. Cảm ơn Ông/Bà đã quan tâm." })).ToBeVisibleAsync();
        await page.GotoAsync("/s/khong-phai-lien-ket");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Liên kết khảo sát không hợp lệ. Vui lòng quét lại mã QR tại quầy." })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SurveyPageWeighsUnderSixtyKilobytesCompressed()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var url = await LinkAsync(await server.AdminAsync(), new { counterId = "a2" });
        var context = await browser.NewContextAsync(server, Phone);
        await using var _ = context;
        var page = await context.NewPageAsync();
        var responses = new List<IResponse>();
        page.Response += (_, r) => responses.Add(r);
        await page.GotoAsync(PathOf(url), new() { WaitUntil = WaitUntilState.NetworkIdle });
        long total = 0;
        foreach (var response in responses)
        {
            var sizes = await response.Request.SizesAsync();
            total += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
        }
        Assert.True(responses.Count >= 5, $"only {responses.Count} responses seen");
        Assert.True(total <= 60 * 1024, $"the survey page transferred {total} bytes");
    }

    [Fact]
    public async Task SurveyPagePassesTheAccessibilityAudit()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var url = await LinkAsync(await server.AdminAsync(), new { counterId = "a2" });
        var options = new BrowserNewContextOptions(Phone) { BypassCSP = true };
        var context = await browser.NewContextAsync(server, options);
        await using var _ = context;
        var page = await context.NewPageAsync();
        await page.GotoAsync(PathOf(url));
        foreach (var step in new[] { "field", "rate", "followup" })
        {
            if (step == "rate") await page.GetByRole(AriaRole.Button, new() { Name = "Đất đai" }).TapAsync();
            if (step == "followup") await page.GetByRole(AriaRole.Button, new() { Name = "Không hài lòng" }).TapAsync();
            await page.Locator("#" + step).WaitForAsync();
            var serious = (await BrowserFixture.AuditAsync(page)).Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, step + ": " + string.Join("\n", serious.Select(v => $"{v.Impact} {v.Id}: {v.Help} ({v.Nodes} nodes)")));
        }
    }
}
