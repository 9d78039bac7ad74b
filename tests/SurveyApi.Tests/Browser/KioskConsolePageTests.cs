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
        var code = await ConsoleBrowser.CreatePairingCodeAsync(admin, "a1", "Máy tính bảng quầy 1");
        // The QR on the page is the kiosk address with the code, for the tablet's camera.
        var qr = QrDecoder.Decode(await admin.Locator("#pairing-qr").ScreenshotAsync());
        Assert.EndsWith("/kiosk?code=" + code, qr);
        var row = admin.Locator("tr[data-name='Máy tính bảng quầy 1']");
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("Chờ ghép nối");
        await ConsoleBrowser.AssertAccessibleAsync(admin);

        // A second tab plays the tablet at the counter and types the code it was shown.
        var (tabletContext, _) = await ConsoleBrowser.PairTabletAsync(browser, server, code);
        await using var __ = tabletContext;

        await ConsoleBrowser.AssertTabletOnlineAsync(admin, "Máy tính bảng quầy 1");
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
