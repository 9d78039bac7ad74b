using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using static ParSurvey.SurveyApi.Tests.Infrastructure.KioskTablet;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>The kiosk as one citizen after another uses it (issue 12 "the kiosk never misattributes", issue 14 "Kiosk").</summary>
[Collection(BrowserCollection.Name)]
public class KioskCitizenFlowTests(BrowserFixture browser)
{
    private const string Question = "Ông/Bà đánh giá thế nào về sự phục vụ hôm nay?";
    private const string FieldQuestion = "Ông/Bà vừa làm thủ tục thuộc lĩnh vực nào?";
    private const string Thanks = "Cảm ơn Ông/Bà đã đánh giá!";

    private static string[] Timings(double idle = 20, double followUp = 30, double cooldown = 0.2, double thanks = 0.1) =>
    [
        $"--ParSurvey:Kiosk:CooldownSeconds={cooldown}", $"--ParSurvey:Kiosk:ThankYouSeconds={thanks}",
        $"--ParSurvey:Kiosk:IdleSeconds={idle}", $"--ParSurvey:Kiosk:FollowUpSeconds={followUp}",
    ];

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    [Fact]
    public async Task IdleMultiFieldKioskReturnsToTheFieldChoiceAndHasABackButton()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Timings(idle: 3));
        var (context, page) = await OpenPairedAsync(browser, server, "a2");
        await using var _ = context;

        // The back button returns to the choice.
        await Button(page, "Đất đai").ClickAsync();
        await Assertions.Expect(Heading(page, Question)).ToBeVisibleAsync();
        await Button(page, "Chọn lại lĩnh vực").ClickAsync();
        await Assertions.Expect(Heading(page, FieldQuestion)).ToBeVisibleAsync();

        // A citizen chooses a field and walks away: the next one is asked the field again.
        await Button(page, "Đất đai").ClickAsync();
        await Assertions.Expect(Heading(page, Question)).ToBeVisibleAsync();
        var left = Stopwatch.StartNew();
        await Assertions.Expect(Heading(page, FieldQuestion)).ToBeVisibleAsync(new() { Timeout = 15_000 });
        Assert.True(left.Elapsed >= TimeSpan.FromSeconds(1.5), $"reset after {left.Elapsed.TotalSeconds:0.0} s, well before the 3 s idle time");

        // After a rating too: the next citizen chooses their own field.
        await Button(page, "Chứng thực").ClickAsync();
        await Level(page, "Hài lòng").ClickAsync();
        await Assertions.Expect(Heading(page, FieldQuestion)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.True(await Eventually.TrueAsync(() => server.StoredRatings == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, server.Store.Count(r => r.CounterId == "a2" && r.FieldCode == "chung-thuc" && r.Score == 3));
    }

    [Fact]
    public async Task FollowUpThatTimesOutKeepsItsTickedReasonsAndComment()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Timings(followUp: 4));
        var (context, page) = await OpenPairedAsync(browser, server, "a1");
        await using var _ = context;
        await Level(page, "Bình thường").ClickAsync();
        await Assertions.Expect(page.GetByText("«Bỏ qua» gửi mức đánh giá Ông/Bà đã chọn, không kèm lý do và góp ý.")).ToBeVisibleAsync();
        await Button(page, "Thời gian chờ lâu").ClickAsync();
        await page.GetByLabel("Góp ý thêm (không bắt buộc)").FillAsync("Chờ lâu quá");
        // Nobody presses "Gửi đánh giá": the question closes by itself and sends what was chosen.
        await Assertions.Expect(Heading(page, Question)).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.True(await Eventually.TrueAsync(() => server.StoredRatings == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, server.Store.Count(r => r.Score == 2 && r.Reasons.SequenceEqual(["cho-lau"]) && r.Comment == "Chờ lâu quá"));
    }

    [Fact]
    public async Task LanguageGoesBackToVietnameseAfterEachRatingAfterIdleAndAfterReload()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Timings(idle: 5));
        var (context, page) = await OpenPairedAsync(browser, server, "a1");
        await using var _ = context;
        var english = Button(page, "English");

        await english.ClickAsync();
        await Level(page, "Very satisfied").ClickAsync();
        await Assertions.Expect(Heading(page, Question)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.Equal("vi", await page.EvaluateAsync<string>("() => document.documentElement.lang"));

        await english.ClickAsync();
        await Assertions.Expect(Heading(page, "How would you rate the service you received today?")).ToBeVisibleAsync();
        await Assertions.Expect(Heading(page, Question)).ToBeVisibleAsync(new() { Timeout = 15_000 }); // nobody touched it

        await english.ClickAsync();
        await Assertions.Expect(Level(page, "Very satisfied")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(Heading(page, Question)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(Level(page, "Rất hài lòng")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ThankYouLastsUntilTapsCountAgain()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Timings(cooldown: 3, thanks: 1));
        var (context, page) = await OpenPairedAsync(browser, server, "a1");
        await using var _ = context;
        await Level(page, "Hài lòng").ClickAsync();
        var tapped = Stopwatch.StartNew();
        await Assertions.Expect(Heading(page, Thanks)).ToBeVisibleAsync();
        // The buttons come back only when a tap counts again (3 s cooldown, not the 1 s thank-you) ...
        await Level(page, "Rất hài lòng").WaitForAsync(new() { Timeout = 15_000 });
        // (Measured from after the click returned, so a little under the page's own 3 s; still well past the 1 s thank-you.)
        Assert.True(tapped.Elapsed >= TimeSpan.FromSeconds(2.5), $"buttons were back after {tapped.Elapsed.TotalSeconds:0.0} s, inside the 3 s cooldown");
        // ... and the first tap on them is a rating.
        await Level(page, "Rất hài lòng").ClickAsync();
        await Assertions.Expect(Heading(page, Thanks)).ToBeVisibleAsync();
        Assert.True(await Eventually.TrueAsync(() => server.StoredRatings == 2, TimeSpan.FromSeconds(10)), $"stored {server.StoredRatings} of 2");
    }

    [Fact]
    public async Task OutboxCountIsForStaffDiscreetAndNeverShownMidFlow()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Timings());
        var (context, page) = await OpenPairedAsync(browser, server, "a1");
        await using var _ = context;
        var pending = page.Locator("#pending");
        await context.SetOfflineAsync(true);
        await Level(page, "Hài lòng").ClickAsync();
        await Assertions.Expect(Level(page, "Không hài lòng")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(pending).ToHaveTextAsync("1 chờ gửi");

        await Level(page, "Không hài lòng").ClickAsync();
        await page.GetByLabel("Góp ý thêm (không bắt buộc)").FillAsync("Đang gõ");
        await Assertions.Expect(pending).ToBeHiddenAsync();
        await Button(page, "Gửi đánh giá").ClickAsync();
        await Assertions.Expect(Heading(page, Question)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(pending).ToHaveTextAsync("2 chờ gửi");
        var size = await pending.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        Assert.True(size <= 14, $"the staff's outbox count is {size} px, not discreet");

        await context.SetOfflineAsync(false);
        Assert.True(await Eventually.TrueAsync(() => server.StoredRatings == 2, TimeSpan.FromSeconds(20)), $"stored {server.StoredRatings} of 2");
        await Assertions.Expect(pending).ToBeHiddenAsync(new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task RevokedTabletIsOutOfServiceTakesNoTapsAndSendsItsQueueOnceRepairedToTheSameCounter()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Timings());
        var (context, page) = await OpenPairedAsync(browser, server, "a1");
        await using var _ = context;
        var deviceId = await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('parsurvey.device')).deviceId");

        await context.SetOfflineAsync(true);
        await Level(page, "Hài lòng").ClickAsync();
        await Assertions.Expect(page.Locator("#pending")).ToHaveAttributeAsync("data-count", "1");
        Assert.Equal(HttpStatusCode.NoContent, (await (await server.AdminAsync()).DeleteAsync($"/api/admin/devices/{deviceId}")).StatusCode);
        await context.SetOfflineAsync(false);

        var outOfService = Heading(page, "Máy tạm ngừng phục vụ");
        await Assertions.Expect(outOfService).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.Equal(0, await page.Locator("button:visible, input:visible").CountAsync());
        await page.Mouse.ClickAsync(640, 400);
        await Assertions.Expect(outOfService).ToBeVisibleAsync();
        Assert.Equal(0, server.StoredRatings);

        // A staff member holds a finger on the screen for 3 s and pairs it again with the same counter.
        await page.Mouse.MoveAsync(640, 400);
        await page.Mouse.DownAsync();
        await page.GetByLabel("Mã ghép nối").WaitForAsync(new() { Timeout = 10_000 });
        await page.Mouse.UpAsync();
        await PairAsync(server, page, "a1");
        Assert.True(await Eventually.TrueAsync(() => server.StoredRatings == 1, TimeSpan.FromSeconds(20)), "the queued rating was not sent after re-pairing");
        Assert.Equal(1, server.Store.Count(r => r.CounterId == "a1" && r.Score == 3 && r.Channel == "kiosk"));
    }

    [Fact]
    public async Task RevokedTabletWithNothingQueuedStopsBeforeACitizenTaps()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Timings());
        var (context, page) = await OpenPairedAsync(browser, server, "a1");
        await using var _ = context;
        var deviceId = await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('parsurvey.device')).deviceId");
        Assert.Equal(HttpStatusCode.NoContent, (await (await server.AdminAsync()).DeleteAsync($"/api/admin/devices/{deviceId}")).StatusCode);
        await Assertions.Expect(Heading(page, "Máy tạm ngừng phục vụ")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("#pending")).ToBeHiddenAsync();
        await page.ReloadAsync();
        await Assertions.Expect(Heading(page, "Máy tạm ngừng phục vụ")).ToBeVisibleAsync(new() { Timeout = 10_000 });
    }

    [Fact]
    public async Task LevelButtonsFillTheTabletScreen()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Timings());
        var (context, page) = await OpenPairedAsync(browser, server, "a1");
        await using var _ = context;
        await BrowserFixture.KeepScreenshotAsync(page, "kiosk.png");
        var boxes = new List<LocatorBoundingBoxResult>();
        foreach (var name in new[] { "Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng" }) boxes.Add((await Level(page, name).BoundingBoxAsync())!);
        Assert.All(boxes, b => Assert.True(b.Height >= 400, $"a level button is {b.Height:0} px tall on an 800 px screen"));
        var width = boxes.Max(b => b.X + b.Width) - boxes.Min(b => b.X);
        Assert.True(width >= 0.9 * 1280, $"the buttons span {width:0} of 1280 px");
        Assert.True(boxes.Max(b => b.Y + b.Height) <= 800, "the buttons run below the screen");
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight") <= 800, "the kiosk page scrolls");
    }

    [Fact]
    public async Task UnitAndCounterNamesAreInEnglishWhereTheCatalogGivesThem()
    {
        var catalog = JsonSerializer.Serialize(new
        {
            name = "Danh mục", demo = false,
            fields = new object[] { new { code = "ho-tich", name = "Hộ tịch", nameEn = "Civil status" } },
            reasons = new object[] { new { code = "cho-lau", label = "Thời gian chờ lâu", labelEn = "Long wait" } },
            units = new object[] { new { id = "ward-a", name = "Phường A", nameEn = "Ward A", parentId = (string?)null } },
            counters = new object[]
            {
                new { id = "a1", unitId = "ward-a", name = "Quầy a1", nameEn = "Counter a1", fieldCodes = new[] { "ho-tich" } },
            },
        });
        await using var server = await ParSurveyServer.StartAsync(catalogJson: catalog, extraArgs: Timings());
        var (context, page) = await OpenPairedAsync(browser, server, "a1");
        await using var _ = context;
        await Assertions.Expect(page.Locator("#unit-name")).ToHaveTextAsync("Phường A");
        await Button(page, "English").ClickAsync();
        await Assertions.Expect(page.Locator("#unit-name")).ToHaveTextAsync("Ward A");
        await Assertions.Expect(page.Locator("#counter-name")).ToHaveTextAsync("Counter a1");
        await Level(page, "Not satisfied").ClickAsync();
        await Assertions.Expect(Button(page, "Long wait")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ChangedKioskScreensPassTheAccessibilityAudit()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Timings());
        var options = new BrowserNewContextOptions(Screen) { BypassCSP = true };
        var (context, page) = await OpenPairedAsync(browser, server, "a2", options);
        await using var _ = context;
        await AssertNoSeriousViolationsAsync(page, "field");
        await Button(page, "Đất đai").ClickAsync();
        await AssertNoSeriousViolationsAsync(page, "rate");
        await Level(page, "Không hài lòng").ClickAsync();
        await AssertNoSeriousViolationsAsync(page, "followup");
        var deviceId = await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('parsurvey.device')).deviceId");
        await (await server.AdminAsync()).DeleteAsync($"/api/admin/devices/{deviceId}");
        await Button(page, "Bỏ qua").ClickAsync();
        await Assertions.Expect(Heading(page, "Máy tạm ngừng phục vụ")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await AssertNoSeriousViolationsAsync(page, "suspended");
    }

    private static async Task AssertNoSeriousViolationsAsync(IPage page, string screen)
    {
        await page.Locator("#" + screen).WaitForAsync();
        var serious = (await BrowserFixture.AuditAsync(page)).Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, screen + ": " + string.Join("\n", serious.Select(v => $"{v.Impact} {v.Id}: {v.Help} ({v.Nodes} nodes)")));
    }
}
