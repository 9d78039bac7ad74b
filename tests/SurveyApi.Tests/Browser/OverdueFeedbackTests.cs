using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>Issue 18: "overdue items flagged on the board and in the console", seen the way a supervisor sees them.</summary>
[Collection(BrowserCollection.Name)]
public class OverdueFeedbackTests(BrowserFixture browser)
{
    [Fact]
    public async Task OverdueFeedbackIsFlaggedOnTheBoardPageAndInTheConsoleList()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        await using var server = await ParSurveyServer.StartAsync(clock, extraArgs: ["--ParSurvey:Feedback:SweepSeconds=1", "--ParSurvey:Feedback:DueWorkingDays=2"]);
        var filed = await server.Client.PostAsJsonAsync("/api/feedback", new { counterId = "a1", category = "tre-hen", text = "Hồ sơ trễ hẹn một tuần." });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var receipt = await filed.Content.ReadFromJsonAsync<JsonElement>();
        var code = receipt.GetProperty("code").GetString()!;
        var due = DateOnly.Parse(receipt.GetProperty("dueDate").GetString()!);
        // Two working days are at most four calendar days on; a week later it is overdue whatever the weekday.
        clock.Now = clock.Now.AddDays(7);

        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "supervisor", "ward-a");
        var (boardContext, board) = await browser.SignedInAsync(server, email, password, "/board",
            new BrowserNewContextOptions { ViewportSize = new() { Width = 1920, Height = 1080 } });
        await using var _ = boardContext;
        await Assertions.Expect(board.Locator("#alerts li.alert-feedback-overdue"))
            .ToContainTextAsync($"Phản ánh {code} quá hạn trả lời (hạn {due:dd/MM/yyyy})", new() { Timeout = 20_000 });

        var console = await boardContext.NewPageAsync();
        await console.GotoAsync("/admin/feedback");
        var row = console.Locator("#list tbody tr.overdue").Filter(new() { HasText = code });
        await Assertions.Expect(row).ToContainTextAsync("quá hạn");
        await console.GetByRole(AriaRole.Button, new() { Name = code }).ClickAsync();
        await Assertions.Expect(console.Locator("#detail-status")).ToHaveTextAsync("Đã tiếp nhận · quá hạn");
        await ConsoleBrowser.AssertAccessibleAsync(console);
    }
}
