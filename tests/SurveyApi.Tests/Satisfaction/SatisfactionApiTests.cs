using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Satisfaction;

/// <summary>
/// Posts a seeded random month of ratings over real HTTP, then checks every number /api/satisfaction gives against
/// numbers this test computes on its own: its own grouping, its own Wilson formula, its own knowledge of the catalog.
/// </summary>
public class SatisfactionApiTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 3, 0, 0, TimeSpan.Zero); // 10:00 on 15 Nov, Vietnam time
    private const double Z95 = 1.959963984540054;

    private sealed record Sent(string Counter, string Field, int Score, DateTimeOffset At)
    {
        public DateOnly LocalDate => DateOnly.FromDateTime(At.UtcDateTime.AddHours(7));
        public string Unit => TestCatalog.UnitOf[Counter];
        public bool Satisfied => TestCatalog.IsSatisfied(Counter, Score);
    }

    // The test's own picture of the tree (see TestCatalog).
    private static readonly Dictionary<string, string[]> Subtree = new()
    {
        ["city"] = ["city", "ward-a", "ward-a-annex", "ward-b", "dept-x"],
        ["ward-a"] = ["ward-a", "ward-a-annex"],
        ["ward-a-annex"] = ["ward-a-annex"],
        ["ward-b"] = ["ward-b"],
        ["dept-x"] = ["dept-x"],
    };
    private static double UnitTarget(string unit) => unit == "dept-x" ? 0.90 : 0.95;
    private static double? FieldTarget(string field) => field == "dat-dai" ? 0.90 : null;

    private static async Task<(ParSurveyServer Server, List<Sent> Sent)> SeededServerAsync(string provider)
    {
        var server = await ParSurveyServer.StartAsync(new SettableClock(Now), provider: provider, extraArgs: [ParSurveyServer.NoPressFilter]);
        var random = new Random(20261115);
        var sent = new List<Sent>();
        var bodies = new List<Dictionary<string, object?>>();
        for (var i = 0; i < 900; i++)
        {
            var counter = TestCatalog.Counters[random.Next(TestCatalog.Counters.Length)];
            var fields = TestCatalog.FieldsOf[counter];
            var field = fields[random.Next(fields.Length)];
            var scores = TestCatalog.ScoresOf(counter);
            // Counter a1 is a good counter (about 98 % satisfied); the rest are mixed.
            var score = counter == "a1" && random.NextDouble() < 0.96 ? scores[^1] : scores[random.Next(scores.Length)];
            var withTime = random.NextDouble() < 0.8;
            var at = withTime ? Now.AddMinutes(-random.Next(0, 26 * 24 * 60)) : Now;
            sent.Add(new Sent(counter, field, score, at));
            var body = RatingBody.New(counter, score, fieldCode: fields.Length == 1 && random.NextDouble() < 0.5 ? null : field);
            if (withTime) body["submittedAt"] = at.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
            bodies.Add(body);
        }
        // Each kiosk flushes its own counter's ratings in batches, the rest arrive one by one.
        foreach (var perCounter in bodies.Take(850).GroupBy(b => (string)b["counterId"]!))
        foreach (var chunk in perCounter.Chunk(70))
        {
            var response = await server.PostBatchAsync(perCounter.Key, chunk);
            var created = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32();
            Assert.Equal(chunk.Length, created);
        }
        foreach (var body in bodies.Skip(850))
            Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(body)).StatusCode);
        Assert.Equal(900, server.StoredRatings);
        return (server, sent);
    }

    private sealed record Expected(string Key, long Total, long Satisfied, double Target, Dictionary<(string Scale, int Score), long> Counts,
        long Neutral, long NotSatisfied);

    private static Expected Tally(string key, IEnumerable<Sent> ratings, double target)
    {
        var list = ratings.ToList();
        return new Expected(key, list.Count, list.Count(r => r.Satisfied), target,
            list.GroupBy(r => (TestCatalog.ScaleIdOf(r.Counter), r.Score)).ToDictionary(g => g.Key, g => (long)g.Count()),
            list.Count(r => TestCatalog.GroupOf(r.Counter, r.Score) == ParSurvey.Analytics.LevelGroup.Neutral),
            list.Count(r => TestCatalog.GroupOf(r.Counter, r.Score) == ParSurvey.Analytics.LevelGroup.NotSatisfied));
    }

    private static List<string> Statuses = [];

    private static void AssertRow(Expected expected, JsonElement row)
    {
        var what = $"row {expected.Key}";
        Assert.Equal(expected.Key, row.GetProperty("key").GetString());
        Assert.True(expected.Total == row.GetProperty("total").GetInt64(), $"{what}: total {expected.Total} expected, saw {row.GetProperty("total")}");
        Assert.Equal(expected.Satisfied, row.GetProperty("satisfied").GetInt64());
        Assert.Equal(expected.Target, row.GetProperty("target").GetDouble(), 1e-12);
        // Levels per scale, never added across scales; the groups add up.
        var byScale = row.GetProperty("countsByScale");
        foreach (var ((scale, score), count) in expected.Counts)
            Assert.Equal(count, byScale.GetProperty(scale).GetProperty(score.ToString(CultureInfo.InvariantCulture)).GetInt64());
        Assert.Equal(expected.Total, byScale.EnumerateObject().SelectMany(s => s.Value.EnumerateObject()).Sum(c => c.Value.GetInt64()));
        Assert.Equal(expected.Satisfied, row.GetProperty("groups").GetProperty("satisfied").GetInt64());
        Assert.Equal(expected.Neutral, row.GetProperty("groups").GetProperty("neutral").GetInt64());
        Assert.Equal(expected.NotSatisfied, row.GetProperty("groups").GetProperty("notSatisfied").GetInt64());
        if (row.GetProperty("counts").ValueKind != JsonValueKind.Null)
        {
            // Per score only where the row's scope has one scale: then it is that scale's counts.
            var only = Assert.Single(byScale.EnumerateObject());
            Assert.Equal(only.Value.GetRawText(), row.GetProperty("counts").GetRawText());
        }

        string status;
        if (expected.Total == 0)
        {
            Assert.Equal(JsonValueKind.Null, row.GetProperty("rate").ValueKind);
            Assert.Equal(JsonValueKind.Null, row.GetProperty("ciLow").ValueKind);
            status = "insufficient";
        }
        else
        {
            double n = expected.Total, p = expected.Satisfied / n;
            Assert.Equal(p, row.GetProperty("rate").GetDouble(), 1e-15);
            var centre = (p + Z95 * Z95 / (2 * n)) / (1 + Z95 * Z95 / n);
            var half = Z95 / (1 + Z95 * Z95 / n) * Math.Sqrt(p * (1 - p) / n + Z95 * Z95 / (4 * n * n));
            Assert.Equal(Math.Max(0, centre - half), row.GetProperty("ciLow").GetDouble(), 1e-12);
            Assert.Equal(Math.Min(1, centre + half), row.GetProperty("ciHigh").GetDouble(), 1e-12);
            // Below when the interval lies under the target whatever n; else whole counts with enough ratings, as the
            // plans read it: 95 of 100 meets 95 %.
            status = Math.Min(1, centre + half) < expected.Target ? "below"
                : expected.Total < 30 ? "insufficient"
                : expected.Satisfied * 100 >= (long)Math.Round(expected.Target * 100) * expected.Total ? "met" : "below";
        }
        Assert.True(status == row.GetProperty("status").GetString(), $"{what}: status {status} expected, saw {row.GetProperty("status")}");
        lock (Statuses) Statuses.Add(status);
    }

    private static async Task<JsonElement> GetAsync(ParSurveyServer server, string query)
    {
        var response = await (await server.AdminAsync()).GetAsync("/api/satisfaction?" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task EveryGroupingGivesExactlyTheIndependentlyComputedNumbers(string provider)
    {
        var (server, sent) = await SeededServerAsync(provider);
        await using var _ = server;
        DateOnly from = new(2026, 10, 20), to = new(2026, 11, 15);
        bool InRange(Sent r, DateOnly f, DateOnly t) => r.LocalDate >= f && r.LocalDate <= t;

        // 1. Whole city by field.
        var all = await GetAsync(server, "from=2026-10-20&to=2026-11-15&groupBy=field");
        var inAll = sent.Where(r => InRange(r, from, to)).ToList();
        Assert.Equal(900, inAll.Count);
        AssertRow(Tally("", inAll, 0.95), all.GetProperty("overall"));
        var fieldRows = all.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["chung-thuc", "dat-dai", "ho-tich"], fieldRows.Select(r => r.GetProperty("key").GetString()));
        foreach (var row in fieldRows)
        {
            var field = row.GetProperty("key").GetString()!;
            AssertRow(Tally(field, inAll.Where(r => r.Field == field), FieldTarget(field) ?? 0.95), row);
        }
        Assert.Equal("Đất đai", fieldRows[1].GetProperty("name").GetString());

        // 2. One ward by counter, over part of the range.
        DateOnly f2 = new(2026, 11, 1), t2 = new(2026, 11, 10);
        var wardA = await GetAsync(server, "from=2026-11-01&to=2026-11-10&unitId=ward-a&groupBy=counter");
        var inWardA = sent.Where(r => Subtree["ward-a"].Contains(r.Unit) && InRange(r, f2, t2)).ToList();
        AssertRow(Tally("ward-a", inWardA, 0.95), wardA.GetProperty("overall"));
        var counterRows = wardA.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["a1", "a2", "ax1"], counterRows.Select(r => r.GetProperty("key").GetString()));
        foreach (var row in counterRows)
        {
            var counter = row.GetProperty("key").GetString()!;
            AssertRow(Tally(counter, inWardA.Where(r => r.Counter == counter), 0.95), row);
        }

        // 3. The city by its units, each with its subtree.
        var byUnit = await GetAsync(server, "from=2026-10-20&to=2026-11-15&unitId=city&groupBy=unit");
        var unitRows = byUnit.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["dept-x", "ward-a", "ward-b"], unitRows.Select(r => r.GetProperty("key").GetString()));
        foreach (var row in unitRows)
        {
            var unit = row.GetProperty("key").GetString()!;
            AssertRow(Tally(unit, inAll.Where(r => Subtree[unit].Contains(r.Unit)), UnitTarget(unit)), row);
        }

        // 4. A ward with counters of its own and a sub-unit: its own counters form a row of their own.
        var wardAUnits = await GetAsync(server, "from=2026-10-20&to=2026-11-15&unitId=ward-a&groupBy=unit");
        var wardARows = wardAUnits.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["ward-a", "ward-a-annex"], wardARows.Select(r => r.GetProperty("key").GetString()));
        AssertRow(Tally("ward-a", inAll.Where(r => r.Unit == "ward-a"), 0.95), wardARows[0]);
        AssertRow(Tally("ward-a-annex", inAll.Where(r => r.Unit == "ward-a-annex"), 0.95), wardARows[1]);

        // 5. One ward by day: every day of the range, empty days included.
        var byDay = await GetAsync(server, "from=2026-11-01&to=2026-11-15&unitId=ward-b&groupBy=day");
        var dayRows = byDay.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(15, dayRows.Length);
        for (var d = new DateOnly(2026, 11, 1); d <= new DateOnly(2026, 11, 15); d = d.AddDays(1))
        {
            var day = d;
            AssertRow(Tally(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), sent.Where(r => r.Unit == "ward-b" && r.LocalDate == day), 0.95),
                dayRows[day.Day - 1]);
        }

        // 6. The department on its three-level scale with its own 90 % target.
        var deptX = await GetAsync(server, "from=2026-10-20&to=2026-11-15&unitId=dept-x&groupBy=field");
        AssertRow(Tally("dept-x", inAll.Where(r => r.Unit == "dept-x"), 0.90), deptX.GetProperty("overall"));
        Assert.Equal("dat-dai", Assert.Single(deptX.GetProperty("rows").EnumerateArray()).GetProperty("key").GetString());

        // 7. A week before the first rating: every row is there, with nothing to judge.
        var empty = await GetAsync(server, "from=2026-10-01&to=2026-10-07&unitId=ward-a&groupBy=counter");
        foreach (var row in empty.GetProperty("rows").EnumerateArray())
            AssertRow(Tally(row.GetProperty("key").GetString()!, [], 0.95), row);

        // The data must have exercised every status, or this test could not catch a wrong one.
        Assert.Contains("met", Statuses);
        Assert.Contains("below", Statuses);
        Assert.Contains("insufficient", Statuses);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task DefaultPeriodIsThisMonthSoFarInVietnam(string provider)
    {
        await using var server = await ParSurveyServer.StartAsync(new SettableClock(Now), provider: provider);
        var report = await GetAsync(server, "");
        Assert.Equal("2026-11-01", report.GetProperty("from").GetString());
        Assert.Equal("2026-11-15", report.GetProperty("to").GetString());
        Assert.Equal("field", report.GetProperty("groupBy").GetString());
        Assert.Equal("Asia/Ho_Chi_Minh", report.GetProperty("timeZone").GetString());
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("from=01/11/2026", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-11-10&to=2026-11-01", "to")]
    [InlineData("from=2000-01-01&to=2026-11-01", "to")]
    [InlineData("unitId=nowhere", "unitId")]
    [InlineData("groupBy=week", "groupBy")]
    [InlineData("groupBy=1", "groupBy")]
    public async Task BadQueryIsAProblemNamingTheParameter(string query, string parameter)
    {
        await using var server = await ParSurveyServer.StartAsync(new SettableClock(Now));
        var response = await (await server.AdminAsync()).GetAsync("/api/satisfaction?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(parameter, out _), $"{query}: expected an error for {parameter}, got {errors}");
    }
}
