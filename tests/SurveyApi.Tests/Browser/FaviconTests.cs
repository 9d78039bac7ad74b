using System.Net;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class FaviconTests(BrowserFixture browser)
{
    [Fact]
    public async Task FaviconAnswersAndNoPageMeetsA404()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var icon = await server.Client.GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/x-icon", icon.Content.Headers.ContentType?.MediaType);
        var bytes = await icon.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]); // an ICO header
        Assert.True(bytes.Length < 4096, $"{bytes.Length} bytes");

        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        var (context, page) = await browser.SignedInAsync(server, email, password, "/board");
        await using var _ = context;
        var missing = new List<string>();
        page.Response += (_, response) => { if (response.Status == 404) lock (missing) missing.Add(response.Url); };
        foreach (var path in new[] { "/board", "/reports/print?period=2026-10", "/", "/kiosk" })
        {
            await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
            // The icon as the page's own origin serves it, loaded the way an <img> would be.
            Assert.True(await page.EvaluateAsync<bool>("""
                () => new Promise(ok => { const i = new Image(); i.onload = () => ok(i.naturalWidth > 0); i.onerror = () => ok(false); i.src = '/favicon.ico?' + Math.random(); })
                """), $"favicon does not load as an image on {path}");
        }
        lock (missing) Assert.True(missing.Count == 0, "404: " + string.Join(", ", missing));
    }
}
