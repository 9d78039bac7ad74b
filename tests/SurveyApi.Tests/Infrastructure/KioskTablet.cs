using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>A counter's tablet in Chromium at 1280×800, paired the way staff do it: by typing the code.</summary>
public static class KioskTablet
{
    public static readonly BrowserNewContextOptions Screen = new() { ViewportSize = new() { Width = 1280, Height = 800 } };

    public static async Task<string> PairingCodeAsync(ParSurveyServer server, string counterId)
    {
        var response = await (await server.AdminAsync()).PostAsJsonAsync("/api/admin/devices", new { counterId, name = "Máy tính bảng" });
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pairingCode").GetString()!;
    }

    /// <summary>Types a fresh pairing code for the counter into the page's pairing form.</summary>
    public static async Task PairAsync(ParSurveyServer server, IPage page, string counterId)
    {
        await page.GetByLabel("Mã ghép nối").FillAsync(await PairingCodeAsync(server, counterId));
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghép nối" }).ClickAsync();
        await page.Locator("#counter-name").Filter(new() { HasText = $"Quầy {counterId}" }).WaitForAsync(new() { Timeout = 10_000 });
    }

    public static async Task<(IBrowserContext Context, IPage Page)> OpenPairedAsync(BrowserFixture browser, ParSurveyServer server, string counterId,
        BrowserNewContextOptions? options = null)
    {
        var context = await browser.NewContextAsync(server, options ?? new BrowserNewContextOptions(Screen));
        var page = await context.NewPageAsync();
        await page.GotoAsync("/kiosk");
        await PairAsync(server, page, counterId);
        return (context, page);
    }

    public static ILocator Level(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator Heading(IPage page, string name) => page.GetByRole(AriaRole.Heading, new() { Name = name });
}
