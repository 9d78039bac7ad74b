using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>A wall board connected to one server of several shows what a kiosk sent to another.</summary>
[Collection(BrowserCollection.Name)]
public class ClusterBoardPageTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task ABoardConnectedToServerBShowsARatingPostedToServerAWithinOneSecond()
    {
        await using var nodes = await ServerNodes.StartAsync(2, extraArgs: [ParSurveyServer.NoPressFilter]);
        var (a, b) = (nodes[0], nodes[1]);
        // The supervisor is made on A and signs in on B: one store of accounts and sessions.
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(a, "supervisor", "ward-a");
        var (context, board) = await browser.SignedInAsync(b, email, password, "/board",
            new BrowserNewContextOptions { ViewportSize = new() { Width = 1920, Height = 1080 } });
        await using var _ = context;
        await Assertions.Expect(board.Locator("body")).ToHaveAttributeAsync("data-live", "true", new() { Timeout = 15_000 });
        await Assertions.Expect(board.Locator("#total")).ToHaveTextAsync("0");
        await a.KioskAsync("a1");

        var seen = new List<double>();
        for (var i = 1; i <= 3; i++)
        {
            var response = await a.PostRatingAsync(RatingBody.New("a1", 4));
            var acknowledged = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            await Assertions.Expect(board.Locator("#total")).ToHaveTextAsync(i.ToString(), new() { Timeout = 1000 });
            seen.Add(acknowledged.Elapsed.TotalMilliseconds);
        }
        output.WriteLine($"A's 201 → B's wall board: {string.Join(", ", seen.Select(ms => $"{ms:F0} ms"))}");
    }
}
