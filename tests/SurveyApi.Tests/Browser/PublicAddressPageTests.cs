using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>A poster nobody can scan is refused loudly: with the loopback default every console page says so and
/// printing asks first; once an admin sets the public address the banner goes and the printed QR carries it.</summary>
[Collection(BrowserCollection.Name)]
public class PublicAddressPageTests(BrowserFixture browser)
{
    private const string Banner = "Địa chỉ công khai chưa được cấu hình: mã QR sẽ không mở được trên điện thoại";
    private const string Address = "https://hailong.phuong-a.gov.vn";

    [Fact]
    public async Task WithNoPublicAddressPagesWarnAndPrintingAsksThenTheAdminSetsItAndPostersCarryIt()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server, "/reports");
        await using var browserContext = context;
        await Assertions.Expect(page.Locator("#address-banner")).ToContainTextAsync(Banner);
        await Assertions.Expect(page.Locator("#address-banner")).ToContainTextAsync("http://localhost:5080");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.GotoAsync("/admin/kiosks");
        await Assertions.Expect(page.Locator("#address-banner")).ToContainTextAsync(Banner);

        // Printing asks first, naming the address it would print; saying no prints nothing.
        await page.GotoAsync("/admin/posters");
        await Assertions.Expect(page.Locator("#address-banner")).ToContainTextAsync(Banner);
        var asked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Dismiss(object? sender, IDialog dialog) { asked.TrySetResult(dialog.Message); dialog.DismissAsync(); }
        page.Dialog += Dismiss;
        await page.Locator("section[data-unit='ward-a'] a.print-all").ClickAsync();
        var message = await asked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        page.Dialog -= Dismiss;
        Assert.Contains("http://localhost:5080", message);
        Assert.Contains("Áp phích của Phường A", message);
        await page.EvaluateAsync("() => 1"); // the click's default action, had it not been prevented, has happened by now
        Assert.Single(context.Pages);

        // A wrong address is refused in words, naming the field; nothing is stored.
        await page.GetByLabel("Địa chỉ công khai (https://…)").FillAsync("hailong.phuong-a.gov.vn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu địa chỉ" }).ClickAsync();
        await Assertions.Expect(page.Locator("#address-url-error")).ToContainTextAsync("Cần một địa chỉ tuyệt đối http:// hoặc https://");
        var admin = await server.AdminAsync();
        var refused = await admin.PutAsJsonAsync("/api/admin/public-address", new { url = "ftp://hailong.phuong-a.gov.vn" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("url", out var urlErrors), urlErrors.ToString());
        Assert.Equal("default", (await admin.GetFromJsonAsync<JsonElement>("/api/public-address")).GetProperty("source").GetString());

        await page.GetByLabel("Địa chỉ công khai (https://…)").FillAsync(Address + "/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu địa chỉ" }).ClickAsync();
        await Assertions.Expect(page.Locator("#address-saved")).ToContainTextAsync(Address);
        await Assertions.Expect(page.Locator("#address-banner")).ToHaveCountAsync(0);
        await ConsoleBrowser.AssertAccessibleAsync(page);

        // No question now: the poster page opens and its QR carries the new address to a working link.
        var printed = await page.RunAndWaitForPopupAsync(() => page.Locator("section[data-unit='ward-a'] a.print-all").ClickAsync());
        var img = printed.Locator("article.poster img.qr").First;
        await Assertions.Expect(img).ToHaveJSPropertyAsync("complete", true);
        var url = new Uri(QrDecoder.Decode(await img.ScreenshotAsync()));
        Assert.StartsWith(Address + "/s/", url.ToString());
        Assert.Equal(HttpStatusCode.OK, (await server.NewClient().GetAsync(url.AbsolutePath)).StatusCode);

        await page.GotoAsync("/reports");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Báo cáo mức độ hài lòng" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#address-banner")).ToHaveCountAsync(0);
        var audit = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit")).EnumerateArray()
            .Single(e => e.GetProperty("action").GetString() == "settings.public-address");
        Assert.Contains(Address, audit.GetProperty("details").GetString());
    }

    [Fact]
    public async Task AnExplicitlyConfiguredAddressWinsAndTheConsoleCannotChangeIt()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: ["--ParSurvey:Security:PublicBaseUrl=https://cauhinh.gov.vn"]);
        var admin = await server.AdminAsync();
        var state = await admin.GetFromJsonAsync<JsonElement>("/api/public-address");
        Assert.Equal(("configuration", true), (state.GetProperty("source").GetString(), state.GetProperty("reachable").GetBoolean()));
        var refused = await admin.PutAsJsonAsync("/api/admin/public-address", new { url = Address });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("https://cauhinh.gov.vn", (await admin.GetFromJsonAsync<JsonElement>("/api/public-address")).GetProperty("url").GetString());

        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server, "/admin/posters");
        await using var browserContext = context;
        await Assertions.Expect(page.GetByLabel("Địa chỉ công khai (https://…)")).ToHaveValueAsync("https://cauhinh.gov.vn");
        await Assertions.Expect(page.Locator("#address-source")).ToContainTextAsync("Do cấu hình máy chủ quy định");
        await Assertions.Expect(page.Locator("#address-banner")).ToHaveCountAsync(0);
    }
}
