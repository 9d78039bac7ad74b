using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using ParSurvey.SurveyApi.Tests.Ratings;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>
/// A kiosk's offline queue replayed in Chromium: 30 presses 100 ms apart waiting in the tablet's own outbox are sent
/// when the network returns; the server counts one and filters 29, and the board and the report say so.
/// </summary>
[Collection(BrowserCollection.Name)]
public class PressFilterReplayTests(BrowserFixture browser)
{
    [Fact]
    public async Task ThirtyQueuedPressesReplayedByTheKioskCountOnceAndTheBoardShowsTwentyNineFiltered()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var context = await browser.NewContextAsync(server, new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 800 } });
        await using var _ = context;
        var kiosk = await context.NewPageAsync();
        await kiosk.GotoAsync("/kiosk");
        var device = await (await (await server.AdminAsync()).PostAsJsonAsync("/api/admin/devices", new { counterId = "a1", name = "Máy 1" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        await kiosk.GetByLabel("Mã ghép nối").FillAsync(device.GetProperty("pairingCode").GetString()!);
        await kiosk.GetByRole(AriaRole.Button, new() { Name = "Ghép nối" }).ClickAsync();
        await kiosk.Locator("#counter-name").Filter(new() { HasText = "Quầy a1" }).WaitForAsync(new() { Timeout = 10_000 });

        // Offline, the outbox holds 30 presses of "Rất hài lòng" 100 ms apart, as a stuck button would leave them.
        await context.SetOfflineAsync(true);
        await kiosk.EvaluateAsync("""
            async () => {
              const outbox = await import('/_content/Kiosk/js/queue.js');
              const start = Date.now() - 60000;
              for (let i = 0; i < 30; i++) {
                const body = { id: crypto.randomUUID(), counterId: 'a1', fieldCode: 'ho-tich', score: 4, channel: 'kiosk',
                  submittedAt: new Date(start + 100 * i).toISOString() };
                await outbox.put({ id: body.id, body, state: 'ready', at: start + 100 * i });
              }
            }
            """);
        Assert.Equal(0, server.StoredRatings);
        await context.SetOfflineAsync(false);
        Assert.True(await Eventually.TrueAsync(() => server.StoredRatings == 30, TimeSpan.FromSeconds(30)), $"stored {server.StoredRatings} of 30");
        Assert.Equal(29, server.Store.Count(r => r.Filtered));

        var today = VietnamTime.Today(TimeProvider.System);
        await PressFilterTests.AssertOneCountedAndFilteredAsync(server, 29, today);

        var (boardContext, board) = await browser.SignedInAsync(server, ParSurveyServer.AdminEmail, server.AdminPassword, "/board?unitId=ward-a");
        await using var __ = boardContext;
        await Assertions.Expect(board.Locator("#filtered")).ToHaveTextAsync("29", new() { Timeout = 15_000 });
        await Assertions.Expect(board.Locator("#total")).ToHaveTextAsync("1");
    }
}
