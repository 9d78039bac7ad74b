using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class PublicWidgetTests(BrowserFixture browser)
{
    [Fact]
    public async Task AWardWebsiteOfAnotherOriginFramesTheWidgetButNotTheFullPage()
    {
        await using var server = await ParSurveyServer.StartAsync();
        await server.PostRatingAsync(RatingBody.New("a1", 4));
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        // The ward's own website, another origin (its own web server on another port), frames the widget and (wrongly) the full page.
        var wardSite = WebApplication.CreateSlimBuilder();
        wardSite.WebHost.UseUrls("http://127.0.0.1:0");
        wardSite.Logging.ClearProviders();
        await using var site = wardSite.Build();
        site.MapGet("/", () => Results.Content(
            "<!doctype html><html lang=\"vi\"><title>Phường A</title><h1>Cổng thông tin phường A</h1>" +
            $"<iframe id=\"widget\" title=\"Kết quả\" src=\"{server.Address}embed/ward-a\"></iframe>" +
            $"<iframe id=\"full\" title=\"Trang đầy đủ\" src=\"{server.Address}cong-khai/ward-a\"></iframe>", "text/html; charset=utf-8"));
        await site.StartAsync();
        var siteAddress = site.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Assert.NotEqual(new Uri(siteAddress).Port, server.Address.Port);
        await page.GotoAsync(siteAddress + "/");
        var widget = page.FrameLocator("#widget");
        await Assertions.Expect(widget.GetByRole(AriaRole.Heading, new() { Name = "Phường A: sự hài lòng" })).ToBeVisibleAsync();
        await Assertions.Expect(widget.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("100,0 %");
        // The full page refuses to be framed: Chromium shows its error page instead of the unit's heading.
        var full = await (await page.Locator("#full").ElementHandleAsync()).ContentFrameAsync();
        Assert.True(await Eventually.TrueAsync(() => full!.Url.StartsWith("chrome-error:", StringComparison.Ordinal), TimeSpan.FromSeconds(15)), full!.Url);
        await Assertions.Expect(page.FrameLocator("#full").GetByRole(AriaRole.Heading, new() { Name = "Phường A" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task PublicPagesPassTheAccessibilityAudit()
    {
        await using var server = await ParSurveyServer.StartAsync();
        await server.PostRatingAsync(RatingBody.New("a1", 4));
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        foreach (var path in new[] { "/cong-khai", "/cong-khai/ward-a", "/cong-khai/ward-a?lang=en", "/embed/ward-a" })
        {
            await page.GotoAsync(path);
            await ConsoleBrowser.AssertAccessibleAsync(page);
        }
        await BrowserFixture.KeepScreenshotAsync(page, "public-embed.png");
        await page.GotoAsync("/cong-khai/ward-a");
        await BrowserFixture.KeepScreenshotAsync(page, "public-unit.png");
    }
}
