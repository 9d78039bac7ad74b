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
        // An urgent item's mail waits in the outbox (no mail server configured), and moves with the ward.
        string[] args = ["--ParSurvey:Ingest:MaxOfflineAgeDays=366", "--ParSurvey:Notifications:CityOffice=vanphong@test.vn"];
        Dictionary<string, string> before;
        Seeded rest;
        List<Dictionary<string, object?>> sent;
        long stored;
        await using (var ward = await ParSurveyServer.StartAsync(new SettableClock(Now), data, extraArgs: args))
        {
            sent = await SeedAsync(ward);
            stored = ward.StoredRatings;
            Assert.True(ward.Store.Count(r => r.Filtered) > 0, "the seed should hold some repeated presses, which reports count apart");
            rest = await SeedTheRestAsync(ward);
            before = await ReportsAsync(ward);
            foreach (var (what, body) in await TheRestAsync(ward, rest)) before[what] = body;
        }

        await using var city = (PostgresTestStore)await TestStore.CreateAsync(Providers.Postgres, data);
        var (exit, output) = await RunCopyAsync("--from", Path.Combine(data, "parsurvey.db"), "--to", city.ConnectionString);
        Assert.True(exit == 0, $"copy-to-postgres exited with {exit}:\n{output}");
        Assert.Contains($"ratings: {stored}", output);
        Assert.Equal(stored, city.Probe.CountRatings());
        await using (var connection = new Npgsql.NpgsqlConnection(city.ConnectionString + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var outbox = new Npgsql.NpgsqlCommand("SELECT recipients, kind, state FROM mail_outbox;", connection);
            await using var reader = await outbox.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), "the urgent item's mail was not copied");
            Assert.Equal(["vanphong@test.vn"], reader.GetFieldValue<string[]>(0));
            Assert.Equal(("feedback-urgent", "pending"), (reader.GetString(1), reader.GetString(2)));
            Assert.False(await reader.ReadAsync());
        }

        await using var moved = await ParSurveyServer.StartAsync(new SettableClock(Now), data, extraArgs: [.. args, .. city.Arguments]);
        Assert.IsType<ParSurvey.SurveyApi.Storage.Postgres.PostgresRatingStore>(moved.Services.GetService(typeof(ParSurvey.SurveyApi.Storage.IRatingStore)));
        var after = await ReportsAsync(moved);
        foreach (var (what, body) in await TheRestAsync(moved, rest)) after[what] = body;
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (report, body) in before) Assert.True(body == after[report], $"{report} differs after the copy:\nbefore: {body}\nafter:  {after[report]}");

        // The copied ratings keep their ids: a kiosk's retry is still a duplicate, and a new rating is counted on top.
        Assert.Equal(HttpStatusCode.OK, (await moved.PostRatingAsync(sent[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await moved.PostRatingAsync(RatingBody.New("a1", 4))).StatusCode);
        Assert.Equal(stored + 1, city.Probe.CountRatings());
    }

    [Fact]
    public async Task EveryTableOfTheSqliteSchemaIsCopiedIntoPostgres()
    {
        var data = TempFolder.Create();
        var database = new ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase(Path.Combine(data, "parsurvey.db"));
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\';";
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var copied = ParSurvey.SurveyApi.Storage.Postgres.SqliteToPostgresCopy.CopiedTables.ToList();
        var handled = copied.Concat(ParSurvey.SurveyApi.Storage.Postgres.SqliteToPostgresCopy.NotCopied).ToHashSet();
        Assert.True(tables.All(handled.Contains),
            $"copy-to-postgres does not copy {string.Join(", ", tables.Where(t => !handled.Contains(t)))}: add it to SqliteToPostgresCopy.Tables");
        Assert.Equal(copied.Count, copied.Intersect(tables).Count());
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

    /// <summary>
    /// Everything else a ward keeps besides ratings: citizens' feedback (one with a contact, answered and published; one
    /// still open), a finished archive job with its files, a poster, a personal API token, besides the kiosks that sent
    /// the ratings.
    /// </summary>
    private static async Task<Seeded> SeedTheRestAsync(ParSurveyServer server)
    {
        var admin = await server.AdminAsync();
        foreach (var body in new object[]
                 {
                     new { counterId = "a1", category = "them-giay-to", text = "Cán bộ yêu cầu nộp thêm bản sao không có trong quy định.",
                         contact = "0912 345 678", consent = true, channel = "qr" },
                     new { unitId = "ward-b", category = "nhung-nhieu", text = "Có người gợi ý nộp thêm tiền để làm nhanh hơn.", channel = "web" },
                 })
        {
            var filed = await server.Client.PostAsJsonAsync("/api/feedback", body);
            Assert.True(filed.StatusCode == HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
        }
        var answered = (await admin.GetFromJsonAsync<JsonElement>("/api/feedback")).EnumerateArray()
            .Single(f => f.GetProperty("counterId").ValueKind == JsonValueKind.String).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/feedback/{answered}/answer",
            new { text = "Đơn vị đã nhắc nhở cán bộ và xin lỗi Ông/Bà." })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/feedback/{answered}/publish", null)).StatusCode);

        var job = await admin.PostAsJsonAsync("/api/reports/jobs", new { period = "2026-10", formats = new[] { "json", "csv" } });
        var location = job.Headers.Location!.OriginalString;
        Assert.True(await Eventually.TrueAsync(() => admin.GetFromJsonAsync<JsonElement>(location).Result.GetProperty("state").GetString() == "done",
            TimeSpan.FromSeconds(60)), "the archive job did not finish");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/counters/a1/qr.png")).StatusCode);
        var adminId = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/staff")).EnumerateArray()
            .Single(s => s.GetProperty("email").GetString() == ParSurveyServer.AdminEmail).GetProperty("id").GetString();
        var token = await admin.PostAsJsonAsync("/api/admin/tokens", new { staffId = adminId, name = "báo cáo hằng tháng" });
        Assert.True(token.IsSuccessStatusCode, await token.Content.ReadAsStringAsync());
        return new Seeded((await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!, location);
    }

    private sealed record Seeded(string Bearer, string JobLocation);

    /// <summary>Feedback lists, details and tracking lookups, the archive job and its files, tokens, posters, kiosks, QR keys, as the API shows them.</summary>
    private static async Task<Dictionary<string, string>> TheRestAsync(ParSurveyServer server, Seeded seeded)
    {
        var admin = await server.AdminAsync();
        var state = new Dictionary<string, string>();
        async Task AddAsync(HttpClient client, string url)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()} " +
                                                                  string.Join("\n", server.Logs.Lines.Where(l => l.Contains("Exception")).Take(2)));
            var bytes = await response.Content.ReadAsByteArrayAsync();
            // Text as text, so that a difference reads in the failure message; archived spreadsheets and zips as base64.
            state[url] = response.Content.Headers.ContentType?.MediaType is { } type && (type.Contains("json") || type.StartsWith("text/"))
                ? System.Text.Encoding.UTF8.GetString(bytes)
                : Convert.ToBase64String(bytes);
        }
        // The token issued on the ward's server signs a script in on the city's (first: the token list shows its last use).
        using var script = server.NewClient();
        script.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", seeded.Bearer);
        await AddAsync(script, "/api/me");
        await AddAsync(admin, "/api/feedback");
        var feedback = (await admin.GetFromJsonAsync<JsonElement>("/api/feedback")).EnumerateArray().ToList();
        Assert.Equal(2, feedback.Count);
        foreach (var item in feedback)
        {
            await AddAsync(admin, $"/api/feedback/{item.GetProperty("id").GetString()}");
            await AddAsync(server.Client, $"/api/feedback/track/{item.GetProperty("code").GetString()}");
        }
        Assert.Contains("0912 345 678", string.Join(" ", feedback.Select(f => admin.GetStringAsync($"/api/feedback/{f.GetProperty("id").GetString()}").Result)));
        await AddAsync(admin, seeded.JobLocation);
        await AddAsync(admin, "/api/reports/archive?period=2026-10");
        var archived = (await admin.GetFromJsonAsync<JsonElement>("/api/reports/archive?period=2026-10")).EnumerateArray().ToList();
        Assert.Equal(2 * 6, archived.Count);
        foreach (var entry in archived) await AddAsync(admin, $"/api/reports/archive/{entry.GetProperty("id").GetString()}");
        foreach (var url in new[] { "/api/admin/tokens", "/api/qr-links/posters", "/api/admin/devices", "/api/admin/qr-keys" }) await AddAsync(admin, url);
        return state;
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
