using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class KioskConsolePageTests(BrowserFixture browser)
{
    [Fact]
    public async Task AdminPairsATabletWithTheCodeReadOffTheConsoleAndSeesItOnline()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (adminContext, admin) = await ConsoleBrowser.AdminAsync(browser, server, "/admin/kiosks");
        await using var _ = adminContext;
        await admin.GetByLabel("Quầy", new() { Exact = true }).SelectOptionAsync("a1");
        await admin.GetByLabel("Tên máy").FillAsync("Máy tính bảng quầy 1");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Tạo mã ghép nối" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#pairing-code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z2-9]{4}-[A-Z2-9]{4}$"));
        var code = (await admin.Locator("#pairing-code").TextContentAsync())!.Trim();
        // The QR on the page is the kiosk address with the code, for the tablet's camera.
        var qr = QrDecoder.Decode(await admin.Locator("#pairing-qr").ScreenshotAsync());
        Assert.EndsWith("/kiosk?code=" + code, qr);
        var row = admin.Locator("tr[data-name='Máy tính bảng quầy 1']");
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("Chờ ghép nối");
        await ConsoleBrowser.AssertAccessibleAsync(admin);

        // A second tab plays the tablet at the counter and types the code it was shown.
        var tabletContext = await browser.NewContextAsync(server, new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 800 } });
        await using var __ = tabletContext;
        var tablet = await tabletContext.NewPageAsync();
        await tablet.GotoAsync("/kiosk");
        await tablet.GetByLabel("Mã ghép nối").FillAsync(code);
        await tablet.GetByRole(AriaRole.Button, new() { Name = "Ghép nối" }).ClickAsync();
        await Assertions.Expect(tablet.GetByRole(AriaRole.Button, new() { Name = "Rất hài lòng", Exact = true })).ToBeVisibleAsync();

        // The console refreshes by itself (every 10 s) and shows the heartbeat.
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("Trực tuyến", new() { Timeout = 25_000 });
        // Vietnam time, whatever the machine's zone.
        var vietnamToday = DateTime.UtcNow.AddHours(7).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(row.Locator(".last-seen")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($@"^{vietnamToday} \d{{2}}:\d{{2}}:\d{{2}}$"));
        await Assertions.Expect(row.Locator("td.num")).ToHaveTextAsync("0");
        await BrowserFixture.KeepScreenshotAsync(admin, "console-kiosks.png");

        // Moving it to another counter from the console.
        await row.GetByRole(AriaRole.Button, new() { Name = "Đổi tên / chuyển quầy Máy tính bảng quầy 1" }).ClickAsync();
        await admin.GetByLabel("Chuyển sang quầy").SelectOptionAsync("a2");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Quầy a2");
        await ConsoleBrowser.AssertAccessibleAsync(admin);
    }
}
