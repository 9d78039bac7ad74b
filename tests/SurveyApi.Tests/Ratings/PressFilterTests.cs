using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ParSurvey.SurveyApi.Board;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Ratings;

/// <summary>
/// The server's press filter: per kiosk device, a rating within ParSurvey:Kiosk:CooldownSeconds (5 s by default) of
/// that device's previous counted rating is kept, answered 201 with filtered=true, and counted nowhere. The presses are
/// spaced by their submittedAt (100 ms apart), which is the time the filter reads: no real waiting needed.
/// </summary>
public class PressFilterTests
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero); // 10:00 on 20 Nov in Vietnam
    internal const string FilteredLabel = "Đã lọc do bấm liên tiếp";

    /// <summary>30 presses of "Rất hài lòng" at counter a1, 100 ms apart, starting a minute ago.</summary>
    internal static List<Dictionary<string, object?>> ThirtyPresses(DateTimeOffset start) => Enumerable.Range(0, 30).Select(i =>
    {
        var body = RatingBody.New("a1", 4);
        body["submittedAt"] = start.AddMilliseconds(100 * i).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
        return body;
    }).ToList();

    /// <summary>What the API, and every report format, say about today at ward-a: counted ratings and filtered ones.</summary>
    internal static async Task AssertOneCountedAndFilteredAsync(ParSurveyServer server, long filtered, DateOnly? day = null)
    {
        var date = (day ?? new DateOnly(2026, 11, 20)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var admin = await server.AdminAsync();
        var today = await admin.GetFromJsonAsync<JsonElement>($"/api/satisfaction?from={date}&to={date}&unitId=ward-a");
        Assert.Equal(1, today.GetProperty("overall").GetProperty("total").GetInt64());

        var report = await ReportFiles.FetchAsync(admin, $"period={date[..7]}&unitId=ward-a", "summary");
        var summary = report.Json.GetProperty("summary");
        Assert.Equal(filtered, summary.GetProperty("filtered").GetInt64());
        Assert.Equal(1, summary.GetProperty("current").GetProperty("total").GetInt64());
        Assert.Equal(1, report.Json.GetProperty("counters").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "a1")
            .GetProperty("total").GetInt64());
        Assert.Empty(report.Json.GetProperty("reasons").EnumerateArray());
        var sheetLine = Assert.Single(report.Sheets["Tổng hợp"], row => row[0].StartsWith(FilteredLabel));
        Assert.Equal(filtered.ToString(CultureInfo.InvariantCulture), sheetLine[1]);
        var csvLine = Assert.Single(report.Csv["summary"], row => row[0].StartsWith(FilteredLabel));
        Assert.Equal(filtered.ToString(CultureInfo.InvariantCulture), csvLine[1]);
        Assert.Matches($"{FilteredLabel}[^<]*: <strong>{filtered}</strong>", report.Html);

        // The live board: counted apart, in no rate or ticker.
        var board = server.Services.GetRequiredService<LiveBoard>().Snapshot("ward-a");
        Assert.Equal(filtered, board.Filtered);
        Assert.Equal(1, board.Overall.Total);
        Assert.Single(board.Ticker);
    }

    [Fact]
    public async Task ThirtyPressesSentOneByOneCountOnceAndTheOtherTwentyNineAreFiltered()
    {
        await using var server = await ParSurveyServer.StartAsync(new SettableClock(Now));
        var kiosk = await server.KioskAsync("a1");
        var presses = ThirtyPresses(Now.AddMinutes(-1));
        var answers = new List<bool>();
        foreach (var body in presses)
        {
            var response = await kiosk.PostAsJsonAsync("/api/ratings", body);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            answers.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("filtered").GetBoolean());
        }
        Assert.Equal([false, .. Enumerable.Repeat(true, 29)], answers);
        Assert.Equal(30, server.StoredRatings); // kept, not counted

        // A resend answers what was decided the first time.
        foreach (var (index, filtered) in new[] { (0, false), (7, true), (29, true) })
        {
            var again = await kiosk.PostAsJsonAsync("/api/ratings", presses[index]);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            var body = await again.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(body.GetProperty("duplicate").GetBoolean());
            Assert.Equal(filtered, body.GetProperty("filtered").GetBoolean());
        }
        await AssertOneCountedAndFilteredAsync(server, 29);

        // Five seconds after the counted one, the next citizen counts again; a reason on an unhappy rating counts too.
        var next = RatingBody.New("a1", 1);
        next["submittedAt"] = Now.AddMinutes(-1).AddSeconds(5).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        next["reasons"] = new[] { "cho-lau" };
        var counted = await (await kiosk.PostAsJsonAsync("/api/ratings", next)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(counted.GetProperty("filtered").GetBoolean());
    }

    [Fact]
    public async Task ThirtyPressesInOneBatchCountOnceInDeviceTimeOrder()
    {
        await using var server = await ParSurveyServer.StartAsync(new SettableClock(Now));
        var presses = ThirtyPresses(Now.AddMinutes(-1));
        // An offline queue may arrive in any order: the earliest press is the one that counts.
        var shuffled = presses.OrderBy(p => p["id"]).ToList();
        var response = await server.PostBatchAsync("a1", shuffled);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(30, answer.GetProperty("created").GetInt32());
        Assert.Equal(29, answer.GetProperty("filtered").GetInt32());
        var counted = Assert.Single(answer.GetProperty("results").EnumerateArray(), r => !r.GetProperty("filtered").GetBoolean());
        Assert.Equal(presses[0]["id"], counted.GetProperty("id").GetString());
        await AssertOneCountedAndFilteredAsync(server, 29);

        // The same batch again: every item a duplicate, with the same answer as before.
        var again = await (await server.PostBatchAsync("a1", shuffled)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(30, again.GetProperty("duplicates").GetInt32());
        Assert.Equal(29, again.GetProperty("results").EnumerateArray().Count(r => r.GetProperty("filtered").GetBoolean()));
    }

    [Fact]
    public async Task TheFilterRemembersTheLastCountedPressAcrossARestart()
    {
        var data = TempFolder.Create();
        var start = Now.AddMinutes(-2);
        var presses = ThirtyPresses(start);
        string key;
        await using (var first = await ParSurveyServer.StartAsync(new SettableClock(Now), dataDirectory: data))
        {
            var tablet = await first.KioskAsync("a1");
            key = tablet.DefaultRequestHeaders.Authorization!.Parameter!;
            var created = await (await tablet.PostAsJsonAsync("/api/ratings", presses[0])).Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(created.GetProperty("filtered").GetBoolean());
        }
        // The same tablet after the restart: a press 1 s after its counted one is still a repeated press.
        await using var second = await ParSurveyServer.StartAsync(new SettableClock(Now), dataDirectory: data);
        var kiosk = second.NewClient();
        kiosk.DefaultRequestHeaders.Authorization = new("Device", key);
        var repeat = await (await kiosk.PostAsJsonAsync("/api/ratings", presses[10])).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(repeat.GetProperty("filtered").GetBoolean());
        var later = RatingBody.New("a1", 3);
        later["submittedAt"] = start.AddSeconds(6).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        Assert.False((await (await kiosk.PostAsJsonAsync("/api/ratings", later)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("filtered").GetBoolean());
    }
}
