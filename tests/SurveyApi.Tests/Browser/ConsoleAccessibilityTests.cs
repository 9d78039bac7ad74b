using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>The staff pages the other console tests pass through without checking: sign-in, invitation, first password, printed posters.</summary>
[Collection(BrowserCollection.Name)]
public class ConsoleAccessibilityTests(BrowserFixture browser)
{
    [Fact]
    public async Task SignInInvitationPasswordAndPrintedPosterPagesHaveNoSeriousAccessibilityViolation()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();
        var anonymousContext = await browser.NewContextAsync(server, new BrowserNewContextOptions { ViewportSize = new() { Width = 1366, Height = 900 } });
        await using var _ = anonymousContext;
        var page = await anonymousContext.NewPageAsync();

        await page.GotoAsync("/login");
        await Assertions.Expect(page.GetByLabel("Mật khẩu")).ToBeVisibleAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await BrowserFixture.KeepScreenshotAsync(page, "console-login.png");

        var invited = await admin.PostAsJsonAsync("/api/admin/staff", new { email = "moi@test.vn", displayName = "Trần Văn Mới", role = "reporter", invite = true });
        Assert.Equal(System.Net.HttpStatusCode.Created, invited.StatusCode);
        var invitation = new Uri((await invited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("invitationUrl").GetString()!);
        await page.GotoAsync(invitation.PathAndQuery);
        await Assertions.Expect(page.GetByLabel("Nhập lại mật khẩu mới")).ToBeVisibleAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);

        var (adminContext, adminPage) = await ConsoleBrowser.AdminAsync(browser, server, "/admin/staff");
        await using var __ = adminContext;
        var firstPassword = await ConsoleBrowser.AddColleagueAsync(adminPage, "truongbophan@test.vn", "Nguyễn Thị Lan", "supervisor", "ward-a");
        var (colleagueContext, colleague) = await ConsoleBrowser.SignInAsync(browser, server, "truongbophan@test.vn", firstPassword);
        await using var ___ = colleagueContext;
        Assert.EndsWith("/account/password", colleague.Url);
        await ConsoleBrowser.AssertAccessibleAsync(colleague);

        foreach (var path in new[] { "/admin/posters/print/ward-a", "/counters/a1/poster" })
        {
            await adminPage.GotoAsync(path);
            await Assertions.Expect(adminPage.Locator("article.poster img.qr").First).ToHaveJSPropertyAsync("complete", true);
            await ConsoleBrowser.AssertAccessibleAsync(adminPage);
        }
    }
}
