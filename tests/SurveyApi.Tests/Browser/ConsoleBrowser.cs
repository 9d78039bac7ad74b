using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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

    /// <summary>On /admin/staff: adds a colleague with a one-time password and reads that password off the page (shown once).</summary>
    public static async Task<string> AddColleagueAsync(IPage admin, string email, string name, string role, string? unitId)
    {
        await admin.GetByLabel("Email").FillAsync(email);
        await admin.GetByLabel("Họ tên").FillAsync(name);
        await admin.GetByLabel("Vai trò").SelectOptionAsync(role);
        if (unitId is not null) await admin.GetByLabel("Đơn vị phụ trách").SelectOptionAsync(unitId);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Tạo tài khoản" }).ClickAsync();
        await Assertions.Expect(admin.Locator($"tr[data-email='{email}']")).ToBeVisibleAsync();
        var firstPassword = (await admin.Locator("#first-password").TextContentAsync())!.Trim();
        Assert.True(firstPassword.Length >= 10, $"first password shown: '{firstPassword}'");
        return firstPassword;
    }

    /// <summary>On /account/password, where a first sign-in is sent: replaces the one-time password and lands on the start page.</summary>
    public static async Task ReplaceFirstPasswordAsync(IPage page, string firstPassword, string newPassword)
    {
        Assert.EndsWith("/account/password", page.Url);
        await page.GetByLabel("Mật khẩu hiện tại").FillAsync(firstPassword);
        await page.GetByLabel("Mật khẩu mới", new() { Exact = true }).FillAsync(newPassword);
        await page.GetByLabel("Nhập lại mật khẩu mới").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu mật khẩu" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    /// <summary>On /admin/kiosks: creates a tablet for the counter and reads the pairing code shown large.</summary>
    public static async Task<string> CreatePairingCodeAsync(IPage admin, string counterId, string name)
    {
        await admin.GetByLabel("Quầy", new() { Exact = true }).SelectOptionAsync(counterId);
        await admin.GetByLabel("Tên máy").FillAsync(name);
        // Test servers keep the loopback default address: the page asks before making a QR no phone can open, and the admin goes on.
        void Accept(object? sender, IDialog dialog) => _ = dialog.AcceptAsync();
        admin.Dialog += Accept;
        try
        {
            await admin.GetByRole(AriaRole.Button, new() { Name = "Tạo mã ghép nối" }).ClickAsync();
            await Assertions.Expect(admin.Locator("#pairing-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z2-9]{4}-[A-Z2-9]{4}$"));
        }
        finally
        {
            admin.Dialog -= Accept;
        }
        await Assertions.Expect(admin.Locator("#pairing-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z2-9]{4}-[A-Z2-9]{4}$"));
        return (await admin.Locator("#pairing-code").TextContentAsync())!.Trim();
    }

    /// <summary>A second browser context plays the tablet at the counter: it opens /kiosk and types the code it was shown.</summary>
    public static async Task<(IBrowserContext Context, IPage Page)> PairTabletAsync(BrowserFixture browser, ParSurveyServer server, string code)
    {
        var context = await browser.NewContextAsync(server, new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 800 } });
        var tablet = await context.NewPageAsync();
        await tablet.GotoAsync("/kiosk");
        await tablet.GetByLabel("Mã ghép nối").FillAsync(code);
        await tablet.GetByRole(AriaRole.Button, new() { Name = "Ghép nối" }).ClickAsync();
        await Assertions.Expect(tablet.GetByRole(AriaRole.Button, new() { Name = "Rất hài lòng", Exact = true })).ToBeVisibleAsync();
        return (context, tablet);
    }

    /// <summary>On /admin/kiosks: the tablet's row turns "online" (the list refreshes itself every 10 s) with a last-seen time today in Vietnam.</summary>
    public static async Task AssertTabletOnlineAsync(IPage admin, string name)
    {
        var row = admin.Locator($"tr[data-name='{name}']");
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("Trực tuyến", new() { Timeout = 25_000 });
        var vietnamToday = DateTime.UtcNow.AddHours(7).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(row.Locator(".last-seen")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($@"^{vietnamToday} \d{{2}}:\d{{2}}:\d{{2}}$"));
    }

    /// <summary>
    /// From /admin/posters: opens "print all" of the unit and reads each poster's QR with zbarimg, as a phone's camera
    /// would; every code must be a link that opens the survey of that poster's counter.
    /// </summary>
    public static async Task AssertUnitPostersWorkAsync(IPage page, ParSurveyServer server, string unitId, int expectedPosters)
    {
        var href = await page.Locator($"section[data-unit='{unitId}'] a.print-all").GetAttributeAsync("href");
        await page.GotoAsync(href!);
        var posters = page.Locator("article.poster");
        await Assertions.Expect(posters).ToHaveCountAsync(expectedPosters);
        var anonymous = server.NewClient();
        for (var i = 0; i < expectedPosters; i++)
        {
            var img = posters.Nth(i).Locator("img.qr");
            await Assertions.Expect(img).ToHaveJSPropertyAsync("complete", true);
            var url = new Uri(QrDecoder.Decode(await img.ScreenshotAsync()));
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(url.AbsolutePath)).StatusCode);
            var info = await anonymous.GetFromJsonAsync<JsonElement>("/api/survey/" + url.AbsolutePath["/s/".Length..]);
            Assert.Equal("ok", info.GetProperty("status").GetString());
            Assert.Equal(await posters.Nth(i).GetAttributeAsync("data-counter"), info.GetProperty("counterId").GetString());
        }
    }

    /// <summary>A staff page the role may not open answers the 403 page, in words, never a stack trace.</summary>
    public static async Task AssertForbiddenPageAsync(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Không có quyền truy cập" })).ToBeVisibleAsync();
        Assert.DoesNotContain("Exception", await page.ContentAsync());
    }

    /// <summary>No serious or critical axe violation on the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var violations = await BrowserFixture.AuditAsync(page);
        var bad = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}: " + string.Join("; ", bad.Select(v => $"{v.Id} ({v.Impact}, {v.Nodes}): {v.Help}")));
    }
}
