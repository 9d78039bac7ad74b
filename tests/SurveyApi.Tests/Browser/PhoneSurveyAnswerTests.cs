using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>The QR survey on a phone (390×844): fair limits (issue 12) and an honest answer to every outcome (issue 14, "Phone survey").</summary>
[Collection(BrowserCollection.Name)]
public class PhoneSurveyAnswerTests(BrowserFixture browser)
{
    private const string Thanks = "Cảm ơn Ông/Bà đã đánh giá!";
    /// <summary>What a phone that rated this counter's poster minutes ago reads, with the time it may rate again.</summary>
    private static string AlreadyRated(DateTimeOffset rateAgainAt) =>
        $"Ông/Bà đã đánh giá quầy này rồi. Cảm ơn Ông/Bà! Điện thoại này có thể đánh giá quầy lại sau {rateAgainAt.ToOffset(TimeSpan.FromHours(7)):HH:mm}.";
    private static readonly System.Text.RegularExpressions.Regex AnyAlreadyRated =
        new(@"^Ông/Bà đã đánh giá quầy này rồi\. Cảm ơn Ông/Bà! Điện thoại này có thể đánh giá quầy lại sau \d{2}:\d{2}\.$");

    private static BrowserNewContextOptions Phone() => new()
    {
        ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    private static async Task<string> PosterPathAsync(ParSurveyServer server, string counterId = "a1")
    {
        var response = await (await server.AdminAsync()).PostAsJsonAsync("/api/qr-links", new { counterId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new Uri((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!).AbsolutePath;
    }

    /// <summary>A new phone that has opened counter a1's poster link.</summary>
    private async Task<(IBrowserContext Context, IPage Page)> PhoneOnPosterAsync(ParSurveyServer server)
    {
        var path = await PosterPathAsync(server);
        var context = await browser.NewContextAsync(server, Phone());
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        return (context, page);
    }

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static ILocator Heading(IPage page, string name) => page.GetByRole(AriaRole.Heading, new() { Name = name });

    [Fact]
    public async Task ThirtyPhonesFromOneAddressEachRateOnceAndARepeatIsPolitelyRefused()
    {
        await using var server = await ParSurveyServer.StartAsync(strictLimits: true); // the default per-address ceiling
        var path = await PosterPathAsync(server);
        var contexts = new List<IBrowserContext>();
        try
        {
            for (var i = 0; i < 30; i++)
            {
                var context = await browser.NewContextAsync(server, Phone());
                contexts.Add(context);
                var page = await context.NewPageAsync();
                await page.GotoAsync(path);
                await Button(page, "Hài lòng").TapAsync();
                await Assertions.Expect(Heading(page, Thanks)).ToBeVisibleAsync(new() { Timeout = 15_000 });
            }
            Assert.Equal(30, server.Store.Count(r => r.Channel == "qr" && r.CounterId == "a1" && r.Score == 3));

            // The first phone opens the poster again: told at once, before any tap, with a way to send feedback instead.
            var again = await contexts[0].NewPageAsync();
            await again.GotoAsync(path);
            await Assertions.Expect(again.Locator("#closed-message")).ToHaveTextAsync(AnyAlreadyRated, new() { Timeout = 15_000 });
            await Assertions.Expect(again.GetByRole(AriaRole.Link, new() { Name = "Gửi phản ánh, kiến nghị thay cho đánh giá" })).ToBeVisibleAsync();
            await Assertions.Expect(Button(again, "Rất hài lòng")).ToBeHiddenAsync();
            await Assertions.Expect(again.GetByText("Liên kết khảo sát không hợp lệ")).ToHaveCountAsync(0);
            Assert.Equal(30, server.StoredRatings);
        }
        finally
        {
            foreach (var context in contexts) await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task APhoneThatRatedIsToldWhenThePageOpensAndEveryNewRatingGetsANewId()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 26, 2, 15, 0, TimeSpan.Zero)); // 09:15 in the hall
        await using var server = await ParSurveyServer.StartAsync(clock);
        var path = await PosterPathAsync(server);
        var context = await browser.NewContextAsync(server, Phone());
        await using var _ = context;
        var page = await context.NewPageAsync();
        var sent = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/api/ratings"))
                lock (sent) sent.Add(JsonDocument.Parse(request.PostData!).RootElement.GetProperty("id").GetString()!);
        };
        await page.GotoAsync(path);
        await Button(page, "Hài lòng").TapAsync();
        await Assertions.Expect(Heading(page, Thanks)).ToBeVisibleAsync();

        // Opened again minutes later: the page says so before any tap (no level to tap), with the time and a feedback link.
        await page.ReloadAsync();
        await Assertions.Expect(Heading(page, AlreadyRated(clock.Now.AddMinutes(30)))).ToBeVisibleAsync();
        var feedbackLink = page.GetByRole(AriaRole.Link, new() { Name = "Gửi phản ánh, kiến nghị thay cho đánh giá" });
        await Assertions.Expect(feedbackLink).ToHaveAttributeAsync("href", "/phan-anh?counter=a1&channel=qr");
        await Assertions.Expect(Button(page, "Rất hài lòng")).ToBeHiddenAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);

        // After the window, a new page makes a new rating with a new id.
        clock.Now = clock.Now.AddMinutes(31);
        await page.ReloadAsync();
        await Button(page, "Rất hài lòng").TapAsync();
        await Assertions.Expect(Heading(page, Thanks)).ToBeVisibleAsync();
        lock (sent)
        {
            Assert.Equal(2, sent.Count);
            Assert.NotEqual(sent[0], sent[1]);
        }
        Assert.Equal(2, server.Store.Count(r => r.Channel == "qr" && r.CounterId == "a1"));
    }

    [Fact]
    public async Task TooManyRequestsSaysSoAndNeverAsksWhy()
    {
        await using var server = await ParSurveyServer.StartAsync(strictLimits: true, extraArgs: "--ParSurvey:Security:QrRatingsPerMinute=1");
        var path = await PosterPathAsync(server);
        await using var first = await browser.NewContextAsync(server, Phone());
        var page = await first.NewPageAsync();
        await page.GotoAsync(path);
        await Button(page, "Hài lòng").TapAsync();
        await Assertions.Expect(Heading(page, Thanks)).ToBeVisibleAsync();

        // Another phone in the same hall, over the (here tiny) per-address ceiling.
        await using var second = await browser.NewContextAsync(server, Phone());
        var other = await second.NewPageAsync();
        await other.GotoAsync(path);
        await Button(other, "Hài lòng").TapAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Alert)).ToContainTextAsync("Hệ thống đang nhận quá nhiều đánh giá");
        await Assertions.Expect(Heading(other, "Vì sao Ông/Bà chưa hài lòng?")).ToBeHiddenAsync();
        await Assertions.Expect(Button(other, "Hài lòng")).ToBeVisibleAsync();
        Assert.Equal(1, server.StoredRatings);
    }

    [Theory]
    [InlineData(409, "Máy chủ đã có một đánh giá khác cùng mã này")]
    [InlineData(503, "Máy chủ đang gặp sự cố, đánh giá chưa được lưu")]
    [InlineData(500, "Máy chủ đang gặp sự cố, đánh giá chưa được lưu")]
    public async Task ServerFailuresHaveTheirOwnMessages(int status, string message)
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (context, page) = await PhoneOnPosterAsync(server);
        await using var _ = context;
        // The server's answer is replaced on the wire: a reused id or a broken server cannot be made to happen on demand.
        await page.RouteAsync("**/api/ratings", route => route.FulfillAsync(new()
        {
            Status = status, ContentType = "application/problem+json", Body = $$"""{"status":{{status}},"title":"x"}""",
        }));
        await Button(page, "Hài lòng").TapAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(message);
        await Assertions.Expect(Heading(page, "Vì sao Ông/Bà chưa hài lòng?")).ToBeHiddenAsync();
        await Assertions.Expect(Heading(page, Thanks)).ToBeHiddenAsync();

        // Pressing again once the server is back sends the rating.
        await page.UnrouteAsync("**/api/ratings");
        await Button(page, "Hài lòng").TapAsync();
        await Assertions.Expect(Heading(page, Thanks)).ToBeVisibleAsync();
        Assert.Equal(1, server.StoredRatings);
    }

    [Fact]
    public async Task OfflineSaysSoAndTheSameRatingIsSentOnceBackOnline()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (context, page) = await PhoneOnPosterAsync(server);
        await using var _ = context;
        await Button(page, "Không hài lòng").TapAsync();
        await Button(page, "Thời gian chờ lâu").TapAsync();
        await context.SetOfflineAsync(true);
        await Button(page, "Gửi đánh giá").TapAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Không có kết nối mạng, đánh giá chưa được gửi");
        await context.SetOfflineAsync(false);
        await Button(page, "Gửi đánh giá").TapAsync();
        await Assertions.Expect(Heading(page, Thanks)).ToBeVisibleAsync();
        Assert.Equal(1, server.Store.Count(r => r.Score == 1 && r.Reasons.SequenceEqual(["cho-lau"])));
    }

    [Fact]
    public async Task SendStaysInViewWhileACommentIsTyped()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (context, page) = await PhoneOnPosterAsync(server);
        await using var _ = context;
        await Button(page, "Không hài lòng").TapAsync();
        var comment = page.GetByLabel("Góp ý thêm (không bắt buộc)");
        await comment.TapAsync();
        await page.Keyboard.TypeAsync(string.Join("\n", Enumerable.Range(1, 12).Select(i => $"Dòng góp ý thứ {i} về thời gian chờ.")));
        await Assertions.Expect(Button(page, "Gửi đánh giá")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Button(page, "Gửi đánh giá").TapAsync();
        await Assertions.Expect(Heading(page, Thanks)).ToBeVisibleAsync();
        Assert.Equal(1, server.Store.Count(r => r.Comment?.StartsWith("Dòng góp ý thứ 1 ", StringComparison.Ordinal) == true));
    }
}
