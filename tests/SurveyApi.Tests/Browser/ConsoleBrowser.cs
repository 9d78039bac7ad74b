using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>Staff at the console in Chromium: sign in through the form, check a page with axe, keep its screenshot.</summary>
public static class ConsoleBrowser
{
    /// <summary>Signs in from the sign-in page itself and waits to be sent on (to the start page, or to replace a one-time password).</summary>
    public static async Task<(IBrowserContext Context, IPage Page)> SignInAsync(BrowserFixture browser, ParSurveyServer server, string email, string password)
    {
        var context = await browser.NewContextAsync(server, new BrowserNewContextOptions { ViewportSize = new() { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login"));
        return (context, page);
    }

    /// <summary>The administrator, signed in on their way to <paramref name="path"/>.</summary>
    public static Task<(IBrowserContext Context, IPage Page)> AdminAsync(BrowserFixture browser, ParSurveyServer server, string path = "/admin/staff") =>
        browser.SignedInAsync(server, ParSurveyServer.AdminEmail, server.AdminPassword, path, new BrowserNewContextOptions { ViewportSize = new() { Width = 1366, Height = 900 } });

    /// <summary>No serious or critical axe violation on the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var violations = await BrowserFixture.AuditAsync(page);
        var bad = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}: " + string.Join("; ", bad.Select(v => $"{v.Id} ({v.Impact}, {v.Nodes}): {v.Help}")));
    }
}
