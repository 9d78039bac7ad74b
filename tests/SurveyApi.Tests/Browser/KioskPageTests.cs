using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class KioskPageTests(BrowserFixture browser)
{
    /// <summary>Kiosk timings short enough for tests that tap many times; the double-tap test keeps the defaults.</summary>
    private static readonly string[] Quick = ["--ParSurvey:Kiosk:CooldownSeconds=0.2", "--ParSurvey:Kiosk:ThankYouSeconds=0.1"];

    /// <summary>Opens /kiosk on a tablet-sized screen and pairs it the way a staff member would, by typing the code.</summary>
    private Task<(IBrowserContext Context, IPage Page)> PairedKioskAsync(ParSurveyServer server, string counterId) =>
        KioskTablet.OpenPairedAsync(browser, server, counterId);

    private static ILocator Level(IPage page, string name) => KioskTablet.Level(page, name);

    private static Task TapAsync(IPage page, string name) => Level(page, name).ClickAsync(new() { Timeout = 10_000 });

    [Fact]
    public async Task TappingALevelStoresAKioskRatingForTheCountersField()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Quick);
        var (context, page) = await PairedKioskAsync(server, "a1");
        await using var _ = context;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ông/Bà đánh giá thế nào về sự phục vụ hôm nay?" })).ToBeVisibleAsync();

        await TapAsync(page, "Hài lòng");
        Assert.True(await Eventually.TrueAsync(() => server.StoredRatings == 1, TimeSpan.FromSeconds(10)), "the rating did not reach the store");
        Assert.Equal(1, server.Store.Count(r => r.CounterId == "a1" && r.FieldCode == "ho-tich" && r.Channel == "kiosk" && r.Score == 3));
    }

    [Fact]
    public async Task DoubleTapStoresOneRating()
    {
        await using var server = await ParSurveyServer.StartAsync(); // default cooldown: 5 s
        var (context, page) = await PairedKioskAsync(server, "a1");
        await using var _ = context;
        await Level(page, "Rất hài lòng").DblClickAsync();
        Assert.True(await Eventually.TrueAsync(() => server.StoredRatings >= 1, TimeSpan.FromSeconds(10)));
        // The second press landed on the thank-you screen; when the question is back, nothing more was sent.
        await Level(page, "Rất hài lòng").WaitForAsync(new() { Timeout = 15_000 });
        Assert.Equal(0, await page.EvaluateAsync<int>("async () => (await new Promise(r => { const q = indexedDB.open('parsurvey-kiosk'); q.onsuccess = () => { const g = q.result.transaction('outbox').objectStore('outbox').count(); g.onsuccess = () => r(g.result); }; }))"));
        Assert.Equal(1, server.StoredRatings);
    }

    [Fact]
    public async Task UnhappyRatingAsksWhyAndKeepsTheReasonsAndComment()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Quick);
        var (context, page) = await PairedKioskAsync(server, "a1");
        await using var _ = context;
        await Level(page, "Không hài lòng").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Thời gian chờ lâu" }).ClickAsync();
        await page.GetByLabel("Góp ý thêm (không bắt buộc)").FillAsync("Chờ 2 tiếng <b>mới</b> tới lượt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();
        Assert.True(await Eventually.TrueAsync(() => server.StoredRatings == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, server.Store.Count(r => r.Score == 1 && r.Reasons.SequenceEqual(["cho-lau"]) && r.Comment == "Chờ 2 tiếng <b>mới</b> tới lượt"));
    }

    [Fact]
    public async Task CounterWithSeveralFieldsAsksTheFieldFirst()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Quick);
        var (context, page) = await PairedKioskAsync(server, "a2");
        await using var _ = context;
        await page.GetByRole(AriaRole.Button, new() { Name = "Đất đai" }).ClickAsync();
        await TapAsync(page, "Rất hài lòng");
        Assert.True(await Eventually.TrueAsync(() => server.StoredRatings == 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, server.Store.Count(r => r.CounterId == "a2" && r.FieldCode == "dat-dai"));
    }

    [Fact]
    public async Task TwentyTapsOfflineAndAReloadAreStoredExactlyOnceEachWhenBackOnline()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Quick);
        var (context, page) = await PairedKioskAsync(server, "a1");
        await using var _ = context;
        await page.EvaluateAsync("() => navigator.serviceWorker.ready");

        await context.SetOfflineAsync(true);
        string[] levels = ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"];
        for (var i = 0; i < 10; i++) await TapOfflineAsync(page, levels[i % 4], i + 1);
        await Assertions.Expect(page.Locator("#pending")).ToHaveAttributeAsync("data-count", "10");

        await page.ReloadAsync(); // still offline: the service worker serves the page, IndexedDB kept the ratings
        for (var i = 10; i < 20; i++) await TapOfflineAsync(page, levels[i % 4], i + 1);
        await Assertions.Expect(page.Locator("#pending")).ToHaveAttributeAsync("data-count", "20");
        Assert.Equal(0, server.StoredRatings);

        await context.SetOfflineAsync(false);
        Assert.True(await Eventually.TrueAsync(() => server.StoredRatings == 20, TimeSpan.FromSeconds(30)), $"stored {server.StoredRatings} of 20");
        await Assertions.Expect(page.Locator("#pending")).ToBeHiddenAsync(new() { Timeout = 10_000 });
        await page.WaitForTimeoutAsync(6000); // another flush round: nothing is sent twice
        Assert.Equal(20, server.StoredRatings);
        Assert.Equal(5, server.Store.Count(r => r.Score == 4));
    }

    private static async Task TapOfflineAsync(IPage page, string level, int expectedWaiting)
    {
        await Level(page, level).ClickAsync(new() { Timeout = 10_000 });
        if (level is "Bình thường" or "Không hài lòng") await page.GetByRole(AriaRole.Button, new() { Name = "Bỏ qua" }).ClickAsync();
        await Assertions.Expect(page.Locator("#pending")).ToHaveAttributeAsync("data-count", expectedWaiting.ToString());
        await page.WaitForTimeoutAsync(300); // past the cooldown
    }

    [Fact]
    public async Task EnglishToggleSwitchesTheWords()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Quick);
        var (context, page) = await PairedKioskAsync(server, "a1");
        await using var _ = context;
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "How would you rate the service you received today?" })).ToBeVisibleAsync();
        await Assertions.Expect(Level(page, "Very satisfied")).ToBeVisibleAsync();
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
    }

    [Fact]
    public async Task KioskPassesTheAccessibilityAudit()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Quick);
        var context = await browser.NewContextAsync(server, new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 800 }, BypassCSP = true });
        await using var _ = context;
        var page = await context.NewPageAsync();
        await page.GotoAsync("/kiosk");
        await page.GetByLabel("Mã ghép nối").FillAsync(await KioskTablet.PairingCodeAsync(server, "a1"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghép nối" }).ClickAsync();
        await Level(page, "Rất hài lòng").WaitForAsync();
        var violations = await BrowserFixture.AuditAsync(page);
        var serious = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Impact} {v.Id}: {v.Help} ({v.Nodes} nodes)")));

        await Level(page, "Không hài lòng").ClickAsync();
        await page.Locator("#followup").WaitForAsync();
        serious = (await BrowserFixture.AuditAsync(page)).Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Impact} {v.Id}: {v.Help} ({v.Nodes} nodes)")));
        var small = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('button')].filter(b => b.offsetParent && (b.offsetHeight < 48 || b.offsetWidth < 48)).length");
        Assert.Equal(0, small);
    }
}
