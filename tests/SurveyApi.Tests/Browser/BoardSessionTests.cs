using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>Issue 13, finding 3: a board's open socket closes within 5 s when its session ends, and cannot come back.</summary>
[Collection(BrowserCollection.Name)]
public class BoardSessionTests(BrowserFixture browser)
{
    [Theory]
    [InlineData("disable")]
    [InlineData("end-sessions")]
    public async Task OpenBoardSocketClosesWithinFiveSecondsWhenTheSessionEnds(string how)
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "supervisor", "ward-a");
        await using var context = await browser.NewContextAsync(server, new BrowserNewContextOptions { ViewportSize = new() { Width = 1280, Height = 720 } });
        var sockets = new ConcurrentQueue<IWebSocket>();
        var negotiations = new ConcurrentQueue<int>();
        var page = await context.NewPageAsync();
        page.WebSocket += (_, socket) => sockets.Enqueue(socket);
        page.Response += (_, response) => { if (response.Url.Contains("/hubs/board/negotiate")) negotiations.Enqueue(response.Status); };
        await StaffFetchTests.SignInAsync(page, email, password, "/board");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "true", new() { Timeout = 15_000 });
        Assert.True(await Eventually.TrueAsync(() => !sockets.IsEmpty, TimeSpan.FromSeconds(5)), "the board opened no WebSocket");
        var socket = Assert.Single(sockets);

        var admin = await server.AdminAsync();
        var id = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/staff")).EnumerateArray()
            .Single(a => a.GetProperty("email").GetString() == email).GetProperty("id").GetString();
        var ended = Stopwatch.StartNew();
        var response = how == "disable"
            ? await admin.PostAsync($"/api/admin/staff/{id}/disable", null)
            : await admin.DeleteAsync($"/api/admin/staff/{id}/sessions");
        Assert.True(response.IsSuccessStatusCode, $"{how}: {(int)response.StatusCode}");

        Assert.True(await Eventually.TrueAsync(() => socket.IsClosed, TimeSpan.FromSeconds(5)),
            $"the board's socket was still open {ended.Elapsed.TotalSeconds:F1} s after '{how}'");
        // The page tries again by itself: the server refuses to negotiate, so no new socket gets a live board.
        Assert.True(await Eventually.TrueAsync(() => negotiations.Contains(401), TimeSpan.FromSeconds(15)),
            $"no refused reconnection seen; negotiate answers: {string.Join(", ", negotiations)}");
        Assert.Single(sockets); // no new socket was opened after the session ended
    }
}
