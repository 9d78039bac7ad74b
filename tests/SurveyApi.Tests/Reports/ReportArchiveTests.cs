using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Hangfire;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Reports;

public class ReportArchiveTests
{
    private static async Task<List<JsonElement>> ArchiveAsync(HttpClient client, string period) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/reports/archive?period={period}")).EnumerateArray().ToList();

    [Fact]
    public async Task MonthlyJobArchivesLastMonthForTheCityAndEveryUnitOnceEvenWhenItFiresAgain()
    {
        // The trigger fires every second here; the job itself asks the clock which month just ended.
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 1, 0, 30, 0, TimeSpan.Zero)); // 07:30 on 1 Nov in Vietnam
        var data = TempFolder.Create();
        await using (var before = await ParSurveyServer.StartAsync(clock, data, extraArgs: ["--ParSurvey:Ingest:MaxOfflineAgeDays=60"]))
        {
            var rating = RatingBody.New("a1", 4);
            rating["submittedAt"] = "2026-10-20T09:00:00+07:00";
            Assert.Equal(HttpStatusCode.Created, (await before.PostRatingAsync(rating)).StatusCode);
        }
        await using var server = await ParSurveyServer.StartAsync(clock, data, extraArgs: ["--ParSurvey:Reports:MonthlyCron=0/1 * * * * ?",
            "--ParSurvey:Jobs:PollingSeconds=1", "--ParSurvey:Ingest:MaxOfflineAgeDays=60"]);
        var admin = await server.AdminAsync();

        var expected = (1 + 5) * 4; // the city and five units, four formats each
        Assert.True(await Eventually.TrueAsync(() => ArchiveAsync(admin, "2026-10").Result.Count == expected, TimeSpan.FromSeconds(30)),
            $"archive has {(await ArchiveAsync(admin, "2026-10")).Count} of {expected}");
        var first = await ArchiveAsync(admin, "2026-10");
        var city = first.Single(e => e.GetProperty("unitId").GetString() == "*" && e.GetProperty("format").GetString() == "json");
        var bytes = await admin.GetByteArrayAsync($"/api/reports/archive/{city.GetProperty("id").GetString()}");
        Assert.Equal(city.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(1, JsonDocument.Parse(bytes).RootElement.GetProperty("summary").GetProperty("current").GetProperty("total").GetInt32());

        // More ratings for October arrive, the trigger fires again: the archive does not change.
        var late = RatingBody.New("a1", 1);
        late["submittedAt"] = "2026-10-21T09:00:00+07:00";
        await server.PostRatingAsync(late);
        // Two more runs of the monthly job on Hangfire: at least one of them began after the late rating.
        var runs = server.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var runsAtLate = runs.SucceededListCount();
        Assert.True(await Eventually.TrueAsync(() => runs.SucceededListCount() >= runsAtLate + 2, TimeSpan.FromSeconds(30)),
            $"the monthly job ran {runs.SucceededListCount() - runsAtLate} more times");
        var again = await ArchiveAsync(admin, "2026-10");
        Assert.Equal(expected, again.Count);
        Assert.Equal(first.Select(e => e.GetProperty("sha256").GetString()).Order(), again.Select(e => e.GetProperty("sha256").GetString()).Order());
        Assert.Equal(bytes, await admin.GetByteArrayAsync($"/api/reports/archive/{city.GetProperty("id").GetString()}"));
        Assert.Empty(await ArchiveAsync(admin, "2026-09"));

        // A supervisor sees the archive of their own units only.
        var supervisor = await StaffLogin.NewStaffAsync(server, "supervisor", "ward-b");
        Assert.All(await ArchiveAsync(supervisor, "2026-10"), e => Assert.Equal("ward-b", e.GetProperty("unitId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync($"/api/reports/archive/{city.GetProperty("id").GetString()}")).StatusCode);
    }

    [Fact]
    public async Task FilesArchivedIntoTheDataFolderByAnOlderVersionAreStillServedAndMoveIntoTheStore()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 10, 3, 0, 0, TimeSpan.Zero));
        var data = TempFolder.Create();
        List<JsonElement> archived;
        var files = new Dictionary<string, byte[]>();
        await using (var server = await ParSurveyServer.StartAsync(clock, data))
        {
            var admin = await server.AdminAsync();
            Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(RatingBody.New("a1", 4))).StatusCode);
            var started = await admin.PostAsJsonAsync("/api/reports/jobs", new { period = "2026-11", formats = new[] { "json", "csv" } });
            var location = started.Headers.Location!.OriginalString;
            Assert.True(await Eventually.TrueAsync(() => admin.GetFromJsonAsync<JsonElement>(location).Result.GetProperty("state").GetString() == "done",
                TimeSpan.FromSeconds(30)), "the archive job did not finish");
            archived = await ArchiveAsync(admin, "2026-11");
            foreach (var entry in archived)
                files[entry.GetProperty("id").GetString()!] = await admin.GetByteArrayAsync($"/api/reports/archive/{entry.GetProperty("id").GetString()}");
        }
        Assert.Equal(2 * 6, archived.Count);

        // Make the folder what schema 7 left: the files under data/reports/<period>/, no report_files table.
        foreach (var entry in archived)
        {
            var folder = Path.Combine(data, "reports", entry.GetProperty("periodKey").GetString()!);
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, entry.GetProperty("fileName").GetString()!), files[entry.GetProperty("id").GetString()!]);
        }
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "parsurvey.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // Every table of the steps after 7 goes, or the upgrade would meet it again.
            command.CommandText = "DROP TABLE report_files; DROP TABLE mail_outbox; DROP TABLE data_protection_keys; PRAGMA user_version = 7;";
            await command.ExecuteNonQueryAsync();
        }

        await using (var upgraded = await ParSurveyServer.StartAsync(clock, data))
        {
            var admin = await upgraded.AdminAsync();
            foreach (var (id, bytes) in files) Assert.Equal(bytes, await admin.GetByteArrayAsync($"/api/reports/archive/{id}"));
        }
        // Once read, the store holds them: the old folder can go.
        Directory.Delete(Path.Combine(data, "reports"), recursive: true);
        await using var again = await ParSurveyServer.StartAsync(clock, data);
        var reader = await again.AdminAsync();
        foreach (var (id, bytes) in files) Assert.Equal(bytes, await reader.GetByteArrayAsync($"/api/reports/archive/{id}"));
    }

    [Fact]
    public async Task TwoServersOnOnePostgresDatabaseShareOneScheduleAndArchiveEachReportOnce()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 1, 0, 30, 0, TimeSpan.Zero)); // 07:30 on 1 Nov in Vietnam
        var data = TempFolder.Create();
        await using var store = await TestStore.CreateAsync(Providers.Postgres, data);
        string[] shared = [.. store.Arguments, "--ParSurvey:Reports:MonthlyCron=0/1 * * * * ?", "--ParSurvey:Jobs:PollingSeconds=1",
            "--ParSurvey:Ingest:MaxOfflineAgeDays=60"];
        await using var first = await ParSurveyServer.StartAsync(clock, data, extraArgs: shared);
        await using var second = await ParSurveyServer.StartAsync(clock, data, extraArgs: shared);
        var rating = RatingBody.New("a1", 4);
        rating["submittedAt"] = "2026-10-20T09:00:00+07:00";
        Assert.Equal(HttpStatusCode.Created, (await first.PostRatingAsync(rating)).StatusCode);

        // One Hangfire storage: both processes are its servers, and see the same runs.
        var monitoring = first.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.True(await Eventually.TrueAsync(() => monitoring.Servers().Count == 2, TimeSpan.FromSeconds(30)),
            $"Hangfire servers: {monitoring.Servers().Count}");
        var runsBefore = monitoring.SucceededListCount();
        Assert.True(await Eventually.TrueAsync(() => monitoring.SucceededListCount() >= runsBefore + 3, TimeSpan.FromSeconds(60)),
            $"the monthly job ran {monitoring.SucceededListCount() - runsBefore} times");
        Assert.Equal(monitoring.SucceededListCount(), second.Services.GetRequiredService<JobStorage>().GetMonitoringApi().SucceededListCount());

        var expected = (1 + 5) * 4; // the city and five units, four formats each: once, whichever process ran the job
        foreach (var server in new[] { first, second })
        {
            var entries = await ArchiveAsync(await server.AdminAsync(), "2026-10");
            Assert.Equal(expected, entries.Count);
            Assert.Equal(expected, entries.Select(e => (e.GetProperty("unitId").GetString(), e.GetProperty("format").GetString())).Distinct().Count());
        }
        // Whichever process archived a file, the other serves it, byte for byte as indexed.
        var index = await ArchiveAsync(await second.AdminAsync(), "2026-10");
        foreach (var server in new[] { first, second })
        {
            var admin = await server.AdminAsync();
            foreach (var entry in index)
                Assert.Equal(entry.GetProperty("sha256").GetString(),
                    Convert.ToHexStringLower(SHA256.HashData(await admin.GetByteArrayAsync($"/api/reports/archive/{entry.GetProperty("id").GetString()}"))));
        }
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task OnDemandJobShowsProgressAndFinishes(string provider)
    {
        await using var server = await ParSurveyServer.StartAsync(new SettableClock(new DateTimeOffset(2026, 11, 10, 3, 0, 0, TimeSpan.Zero)), provider: provider);
        var reporter = await StaffLogin.NewStaffAsync(server, "reporter");
        var started = await reporter.PostAsJsonAsync("/api/reports/jobs", new { period = "cchc-q3-2026", formats = new[] { "xlsx", "json" } });
        Assert.True(started.StatusCode == HttpStatusCode.Accepted,
            $"expected 202, got {(int)started.StatusCode}; errors logged: {string.Join("\n", server.Logs.Lines.Where(l => l.Contains("Exception")).Take(3))}");
        var location = started.Headers.Location!.OriginalString;
        JsonElement job = default;
        Assert.True(await Eventually.TrueAsync(() =>
        {
            job = reporter.GetFromJsonAsync<JsonElement>(location).Result;
            return job.GetProperty("state").GetString() == "done";
        }, TimeSpan.FromSeconds(30)), job.ToString());
        Assert.Equal(6, job.GetProperty("done").GetInt32());
        Assert.Equal(12, (await ArchiveAsync(reporter, "cchc-q3-2026")).Count);
        var expectedStorage = provider == Providers.Postgres ? "PostgreSqlStorage" : "InMemoryStorage";
        Assert.Equal(expectedStorage, server.Services.GetRequiredService<JobStorage>().GetType().Name);
    }

    [Fact]
    public async Task RatingAtHalfPastMidnightOnFifteenDecemberCountsInTheNextCchcYear()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 12, 20, 3, 0, 0, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock);
        var rating = RatingBody.New("a1", 4);
        rating["submittedAt"] = "2026-12-15T00:30:00+07:00";
        Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(rating)).StatusCode);
        var admin = await server.AdminAsync();
        long Total(JsonElement r) => r.GetProperty("summary").GetProperty("current").GetProperty("total").GetInt64();
        Assert.Equal(1, Total(await admin.GetFromJsonAsync<JsonElement>("/api/reports?period=cchc-year-2027")));
        Assert.Equal(0, Total(await admin.GetFromJsonAsync<JsonElement>("/api/reports?period=cchc-year-2026")));
        Assert.Equal(1, Total(await admin.GetFromJsonAsync<JsonElement>("/api/reports?period=cchc-q1-2027")));
    }
}

[Collection(BrowserCollection.Name)]
public class PrintableReportTests(BrowserFixture browser)
{
    [Fact]
    public async Task PrintableReportRendersInChromiumOnA4()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 5, 3, 0, 0, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock, extraArgs: ["--ParSurvey:Ingest:MaxOfflineAgeDays=366"]);
        var random = new Random(3);
        foreach (var counter in TestCatalog.Counters)
        {
            var items = Enumerable.Range(0, 120).Select(i =>
            {
                var scores = TestCatalog.ScoresOf(counter);
                var body = RatingBody.New(counter, random.NextDouble() < 0.85 ? scores[^1] : scores[random.Next(scores.Length)],
                    fieldCode: TestCatalog.FieldsOf[counter][random.Next(TestCatalog.FieldsOf[counter].Length)]);
                body["submittedAt"] = new DateTimeOffset(2026, 11, 4, 9, 0, 0, TimeSpan.FromHours(7)).AddDays(-random.Next(300)).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
                return (IDictionary<string, object?>)body;
            }).ToArray();
            foreach (var chunk in items.Chunk(200)) await server.PostBatchAsync(counter, chunk);
        }
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        var (context, page) = await browser.SignedInAsync(server, email, password, "/reports/print?period=2026-10",
            new() { ViewportSize = new() { Width = 1000, Height = 1400 } });
        await using var _ = context;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "BÁO CÁO KẾT QUẢ ĐO LƯỜNG MỨC ĐỘ HÀI LÒNG" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("svg.chart polyline")).Not.ToHaveCountAsync(0);
        await BrowserFixture.KeepScreenshotAsync(page, "report.png");
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
        Assert.True(pdf.Length > 10_000 && pdf[..4].SequenceEqual("%PDF"u8.ToArray()), "no PDF came out of print");
    }
}
