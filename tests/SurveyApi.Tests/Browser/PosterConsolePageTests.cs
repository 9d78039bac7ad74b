using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class PosterConsolePageTests(BrowserFixture browser)
{
    private static async Task<string> SurveyStatusAsync(ParSurveyServer server, string url) =>
        (await server.Client.GetFromJsonAsync<JsonElement>("/api/survey/" + new Uri(url).AbsolutePath["/s/".Length..])).GetProperty("status").GetString()!;

    private static async Task<string> PosterLinkAsync(IPage page, string counterId)
    {
        await page.GotoAsync($"/counters/{counterId}/poster");
        var img = page.Locator("img.qr");
        await Assertions.Expect(img).ToHaveJSPropertyAsync("complete", true);
        return QrDecoder.Decode(await img.ScreenshotAsync());
    }

    [Fact]
    public async Task ASupervisorRevokesALostPosterOfTheirUnitSoItsQrStopsWorkingAndTheReprintGetsANewLink()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "supervisor", "ward-b");
        var (context, page) = await browser.SignedInAsync(server, email, password, "/admin/posters",
            new BrowserNewContextOptions { ViewportSize = new() { Width = 1366, Height = 900 } });
        await using var _ = context;
        // Only the supervisor's own unit.
        await Assertions.Expect(page.Locator("section[data-unit]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("section[data-unit='ward-b'] li[data-counter='b1']")).ToContainTextAsync("Chưa in áp phích nào");

        var first = await PosterLinkAsync(page, "b1");
        Assert.Equal("ok", await SurveyStatusAsync(server, first));
        await page.GotoAsync("/admin/posters");
        var item = page.Locator("li[data-counter='b1']");
        await Assertions.Expect(item).ToContainTextAsync("Áp phích hiện tại từ");
        await Assertions.Expect(item).ToContainTextAsync(email);
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await item.GetByRole(AriaRole.Button, new() { Name = "Thu hồi áp phích Quầy b1" }).ClickAsync();
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("Đã thu hồi áp phích của Quầy b1");
        await Assertions.Expect(item).ToContainTextAsync("Chưa in áp phích nào");
        Assert.Equal("revoked", await SurveyStatusAsync(server, first));

        var second = await PosterLinkAsync(page, "b1");
        Assert.NotEqual(first, second);
        Assert.Equal("ok", await SurveyStatusAsync(server, second));
        var audit = await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/admin/audit");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "qr.poster-revoke" && e.GetProperty("actor").GetString() == email);
    }
}
