using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class StartPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task ASupervisorsStartPageShowsTheirUnitsLatestCommentsAsPlainTextAndTheOpenAlerts()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: [ParSurveyServer.NoPressFilter]);
        const string markup = "<img src=x onerror=alert(1)> Chờ quá lâu ở quầy";
        // Three lowest-level ratings at one counter within minutes: the burst alert of Phường A.
        for (var i = 0; i < 3; i++)
        {
            var rating = RatingBody.New("a1", 1);
            if (i == 1) rating["comment"] = markup;
            Assert.Equal(System.Net.HttpStatusCode.Created, (await server.PostRatingAsync(rating)).StatusCode);
        }
        var elsewhere = RatingBody.New("b1", 2, fieldCode: "ho-tich");
        elsewhere["comment"] = "Góp ý của phường B";
        Assert.Equal(System.Net.HttpStatusCode.Created, (await server.PostRatingAsync(elsewhere)).StatusCode);

        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "supervisor", "ward-a");
        var (context, page) = await ConsoleBrowser.SignInAsync(browser, server, email, password);
        await using var _ = context;
        var comments = page.Locator("#comments li");
        await Assertions.Expect(comments).ToHaveCountAsync(1);
        await Assertions.Expect(comments).ToContainTextAsync("Quầy a1 · Hộ tịch: " + markup);
        await Assertions.Expect(page.Locator("#comments img")).ToHaveCountAsync(0); // text, never markup
        await Assertions.Expect(page.Locator("#supervisor")).Not.ToContainTextAsync("phường B");
        // The burst, and Quầy a1 and Hộ tịch turning "below" (0 of 3: the interval's upper bound is under 95 %).
        await Assertions.Expect(page.Locator("#alerts li")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#alerts li", new() { HasText = "Quầy a1: 3 đánh giá \"Không hài lòng\"" })).ToHaveCountAsync(1);
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await BrowserFixture.KeepScreenshotAsync(page, "console-start.png");
    }
}
