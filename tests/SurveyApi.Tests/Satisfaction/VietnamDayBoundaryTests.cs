using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Satisfaction;

public class VietnamDayBoundaryTests
{
    private static async Task<long> TotalAsync(ParSurveyServer server, string from, string to) =>
        (await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>($"/api/satisfaction?from={from}&to={to}"))
        .GetProperty("overall").GetProperty("total").GetInt64();

    [Fact]
    public async Task RatingReceivedAtHalfPastMidnightOnTheFirstBelongsToTheNewMonth()
    {
        // 17:30 UTC on 31 October is 00:30 on 1 November in Vietnam.
        var clock = new SettableClock(new DateTimeOffset(2026, 10, 31, 17, 30, 0, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock);
        Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(RatingBody.New("a1"))).StatusCode);

        Assert.Equal(1, await TotalAsync(server, "2026-11-01", "2026-11-30"));
        Assert.Equal(0, await TotalAsync(server, "2026-10-01", "2026-10-31"));
        Assert.Equal(1, server.Store.Count(r => r.LocalDate == new DateOnly(2026, 11, 1) && r.ReceivedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) == "2026-10-31T17:30"));
    }

    [Fact]
    public async Task RatingReceivedJustBeforeLocalMidnightStaysInTheOldMonth()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 10, 31, 16, 59, 59, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock);
        await server.PostRatingAsync(RatingBody.New("a1"));

        Assert.Equal(0, await TotalAsync(server, "2026-11-01", "2026-11-30"));
        Assert.Equal(1, await TotalAsync(server, "2026-10-31", "2026-10-31"));
    }

    [Fact]
    public async Task OfflineRatingCountsOnTheLocalDayItWasGivenNotTheDayItArrived()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock);
        var early = RatingBody.New("a1");
        early["submittedAt"] = "2026-11-01T00:10:00+07:00"; // 17:10 UTC on 31 Oct
        var late = RatingBody.New("a1");
        late["submittedAt"] = "2026-10-31T16:50:00Z"; // 23:50 on 31 Oct in Vietnam
        await server.PostBatchAsync("a1", [early, late]);

        var byDay = await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/satisfaction?from=2026-10-31&to=2026-11-02&groupBy=day");
        var totals = byDay.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("total").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["2026-10-31"] = 1, ["2026-11-01"] = 1, ["2026-11-02"] = 0 }, totals);
    }
}
