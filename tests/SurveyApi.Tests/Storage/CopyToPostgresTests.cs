using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Storage;

/// <summary>A ward moves to the city's server: its SQLite file is copied into PostgreSQL with the documented command.</summary>
public class CopyToPostgresTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);
    private static readonly string[] Periods = ["2026-09", "2026-10", "2026-11", "2026-Q3", "2026", "cchc-q3-2026", "2026-10-15..2026-11-20"];
    private static readonly string[] Units = ["", "city", "ward-a", "ward-a-annex", "ward-b", "dept-x"];
    private static readonly string[] Sections = ["summary", "fields", "units", "counters", "reasons", "comments", "trend"];
    private static readonly string[] Groupings = ["field", "counter", "unit", "day"];

    [Fact]
    public async Task EveryReportReadsTheSameAfterTheWardsFileIsCopiedIntoPostgres()
    {
        var data = TempFolder.Create();
        string[] args = ["--ParSurvey:Ingest:MaxOfflineAgeDays=366"];
        Dictionary<string, string> before;
        List<Dictionary<string, object?>> sent;
        long stored;
        await using (var ward = await ParSurveyServer.StartAsync(new SettableClock(Now), data, extraArgs: args))
        {
            sent = await SeedAsync(ward);
            stored = ward.StoredRatings;
            Assert.True(ward.Store.Count(r => r.Filtered) > 0, "the seed should hold some repeated presses, which reports count apart");
            before = await ReportsAsync(ward);
        }

        await using var city = (PostgresTestStore)await TestStore.CreateAsync(Providers.Postgres, data);
        var (exit, output) = await RunCopyAsync("--from", Path.Combine(data, "parsurvey.db"), "--to", city.ConnectionString);
        Assert.True(exit == 0, $"copy-to-postgres exited with {exit}:\n{output}");
        Assert.Contains($"ratings: {stored}", output);
        Assert.Equal(stored, city.Probe.CountRatings());

        await using var moved = await ParSurveyServer.StartAsync(new SettableClock(Now), data, extraArgs: [.. args, .. city.Arguments]);
        Assert.IsType<ParSurvey.SurveyApi.Storage.Postgres.PostgresRatingStore>(moved.Services.GetService(typeof(ParSurvey.SurveyApi.Storage.IRatingStore)));
        var after = await ReportsAsync(moved);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (report, body) in before) Assert.True(body == after[report], $"{report} differs after the copy:\nbefore: {body}\nafter:  {after[report]}");

        // The copied ratings keep their ids: a kiosk's retry is still a duplicate, and a new rating is counted on top.
        Assert.Equal(HttpStatusCode.OK, (await moved.PostRatingAsync(sent[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await moved.PostRatingAsync(RatingBody.New("a1", 4))).StatusCode);
        Assert.Equal(stored + 1, city.Probe.CountRatings());
    }

    [Fact]
    public async Task CopyIntoADatabaseThatHoldsDataIsRefusedAndChangesNothing()
    {
        var data = TempFolder.Create();
        await using (var ward = await ParSurveyServer.StartAsync(new SettableClock(Now), data))
            Assert.Equal(HttpStatusCode.Created, (await ward.PostRatingAsync(RatingBody.New("a1", 4))).StatusCode);
        await using var city = (PostgresTestStore)await TestStore.CreateAsync(Providers.Postgres, data);
        Assert.Equal(0, (await RunCopyAsync("--from", Path.Combine(data, "parsurvey.db"), "--to", city.ConnectionString)).Exit);
        Assert.Equal(1, city.Probe.CountRatings());

        var (exit, output) = await RunCopyAsync("--from", Path.Combine(data, "parsurvey.db"), "--to", city.ConnectionString);
        Assert.Equal(1, exit);
        Assert.Contains("holds data already", output);
        Assert.Equal(1, city.Probe.CountRatings());

        (exit, output) = await RunCopyAsync("--from", Path.Combine(data, "missing.db"), "--to", city.ConnectionString);
        Assert.Equal(1, exit);
        Assert.Contains("--from: no SQLite file", output);
        (exit, output) = await RunCopyAsync("--from", Path.Combine(data, "parsurvey.db"));
        Assert.Equal(2, exit);
        Assert.Contains("--to", output);
    }

    /// <summary>Ratings over three months on every counter (with reasons, comments, repeated kiosk presses), plus a staff member's session.</summary>
    private static async Task<List<Dictionary<string, object?>>> SeedAsync(ParSurveyServer server)
    {
        var random = new Random(20261120);
        var sent = new List<Dictionary<string, object?>>();
        foreach (var counter in TestCatalog.Counters)
        {
            var batch = new List<Dictionary<string, object?>>();
            for (var i = 0; i < 120; i++)
            {
                var scores = TestCatalog.ScoresOf(counter);
                var score = scores[random.Next(scores.Length)];
                var fields = TestCatalog.FieldsOf[counter];
                var body = RatingBody.New(counter, score, fieldCode: fields[random.Next(fields.Length)]);
                // Every fifth rating comes 2 s after the one before it: a repeated press, stored and counted apart.
                var at = new DateTimeOffset(2026, 9, 1, 1, 0, 0, TimeSpan.Zero).AddMinutes(i % 5 == 4 ? i * 900 - 899.97 : i * 900);
                body["submittedAt"] = at.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
                if (!TestCatalog.IsSatisfied(counter, score) && random.NextDouble() < 0.6) body["reasons"] = new[] { "cho-lau" };
                if (random.NextDouble() < 0.1) body["comment"] = $"Góp ý {counter} số {i}: chờ \"lâu\"";
                batch.Add(body);
            }
            var response = await server.PostBatchAsync(counter, batch);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            sent.AddRange(batch);
        }
        return sent;
    }

    /// <summary>Every report the city reads: JSON, each CSV section and HTML per period and unit, and the satisfaction API per grouping.</summary>
    private static async Task<Dictionary<string, string>> ReportsAsync(ParSurveyServer server)
    {
        var admin = await server.AdminAsync();
        var reports = new Dictionary<string, string>();
        async Task AddAsync(string url)
        {
            var response = await admin.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            reports[url] = await response.Content.ReadAsStringAsync();
        }
        foreach (var period in Periods)
        foreach (var unit in Units)
        {
            var query = $"/api/reports?period={period}{(unit == "" ? "" : "&unitId=" + unit)}";
            await AddAsync(query);
            await AddAsync(query + "&format=html");
            foreach (var section in Sections) await AddAsync($"{query}&format=csv&section={section}");
        }
        foreach (var unit in Units.Skip(1))
        foreach (var grouping in Groupings)
            await AddAsync($"/api/satisfaction?from=2026-09-01&to=2026-11-20&unitId={unit}&groupBy={grouping}");
        return reports;
    }

    private static async Task<(int Exit, string Output)> RunCopyAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "SurveyApi.dll"), "copy-to-postgres" }.Concat(args)) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, await output + await errors);
    }
}
