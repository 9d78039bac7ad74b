using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Reports;

/// <summary>
/// A seeded October (and the September before it) with known counts; every number of the report, in JSON, XLSX and
/// CSV, is checked against this test's own arithmetic.
/// </summary>
public class ReportServer : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 5, 3, 0, 0, TimeSpan.Zero);
    protected virtual string Provider => Providers.Sqlite;
    public ParSurveyServer Server { get; private set; } = null!;
    public List<Seeded> Ratings { get; } = [];

    public sealed record Seeded(string Counter, string Field, int Score, DateOnly Day, string[] Reasons, string? Comment)
    {
        public bool Satisfied => TestCatalog.IsSatisfied(Counter, Score);
        public string Unit => TestCatalog.UnitOf[Counter];
    }

    public async Task InitializeAsync()
    {
        Server = await ParSurveyServer.StartAsync(new SettableClock(Now), provider: Provider,
            extraArgs: ["--ParSurvey:Ingest:MaxOfflineAgeDays=366", ParSurveyServer.NoPressFilter]);
        var random = new Random(1015);
        var bodies = new Dictionary<string, List<Dictionary<string, object?>>>();
        for (var i = 0; i < 1400; i++)
        {
            var counter = TestCatalog.Counters[random.Next(TestCatalog.Counters.Length)];
            var field = TestCatalog.FieldsOf[counter][random.Next(TestCatalog.FieldsOf[counter].Length)];
            var scores = TestCatalog.ScoresOf(counter);
            // ward-b is the good one (≈ 97 %); a1 hovers near target; the rest are worse.
            var score = counter == "b1" && random.NextDouble() < 0.9 ? scores[^1] : counter == "a1" && random.NextDouble() < 0.8 ? scores[^2] : scores[random.Next(scores.Length)];
            var day = new DateOnly(2026, 9, 1).AddDays(random.Next(0, 65)); // September, October, first days of November
            var unhappy = !TestCatalog.IsSatisfied(counter, score);
            var reasons = unhappy && random.NextDouble() < 0.6 ? new[] { "cho-lau", "thai-do" }.Take(random.Next(1, 3)).ToArray() : [];
            var comment = random.NextDouble() < 0.03 ? $"Góp ý số {i}: \"chờ\" <lâu>, =1+1" : null;
            var seeded = new Seeded(counter, field, score, day, reasons, comment);
            Ratings.Add(seeded);
            var body = RatingBody.New(counter, score, fieldCode: field);
            body["submittedAt"] = $"{day:yyyy-MM-dd}T{random.Next(7, 17):D2}:{random.Next(60):D2}:00+07:00";
            if (reasons.Length > 0) body["reasons"] = reasons;
            if (comment is not null) body["comment"] = comment;
            (bodies.TryGetValue(counter, out var list) ? list : bodies[counter] = []).Add(body);
        }
        foreach (var (counter, list) in bodies)
        foreach (var chunk in list.Chunk(200))
        {
            var response = await Server.PostBatchAsync(counter, chunk);
            Assert.Equal(chunk.Length, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
        }
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class PostgresReportServer : ReportServer
{
    protected override string Provider => Providers.Postgres;
}

/// <summary>The report suite against the default SQLite store.</summary>
public class ReportTests(ReportServer fixture) : ReportContract<ReportServer>(fixture);

/// <summary>The same suite against PostgreSQL.</summary>
public class PostgresReportTests(PostgresReportServer fixture) : ReportContract<PostgresReportServer>(fixture);

public abstract class ReportContract<TServer>(TServer fixture) : IClassFixture<TServer> where TServer : ReportServer
{
    private static readonly DateOnly From = new(2026, 10, 1), To = new(2026, 10, 31);
    private const double Z = 1.959963984540054;

    private IEnumerable<ReportServer.Seeded> October => fixture.Ratings.Where(r => r.Day >= From && r.Day <= To);

    private static (double Low, double High) Wilson(long s, long n)
    {
        double p = (double)s / n, d = 1 + Z * Z / n;
        var c = (p + Z * Z / (2.0 * n)) / d;
        var h = Z / d * Math.Sqrt(p * (1 - p) / n + Z * Z / (4.0 * n * n));
        return (Math.Max(0, c - h), Math.Min(1, c + h));
    }


    private async Task<HttpClient> ReporterAsync() => await fixture.Server.AdminAsync();

    [Fact]
    public async Task JsonReportHasExactlyTheIndependentlyComputedNumbers()
    {
        var report = await (await ReporterAsync()).GetFromJsonAsync<JsonElement>("/api/reports?period=2026-10");
        var october = October.ToList();
        var summary = report.GetProperty("summary");
        Assert.Equal(october.Count, summary.GetProperty("current").GetProperty("total").GetInt64());
        Assert.Equal(october.Count(r => r.Satisfied), summary.GetProperty("current").GetProperty("satisfied").GetInt64());
        var september = fixture.Ratings.Where(r => r.Day.Month == 9).ToList();
        Assert.Equal(september.Count, summary.GetProperty("previous").GetProperty("total").GetInt64());
        Assert.Equal("2026-09", report.GetProperty("previousPeriod").GetProperty("key").GetString());

        foreach (var row in report.GetProperty("fields").EnumerateArray())
        {
            var field = row.GetProperty("key").GetString()!;
            var mine = october.Where(r => r.Field == field).ToList();
            Assert.Equal(mine.Count, row.GetProperty("total").GetInt64());
            Assert.Equal(mine.Count(r => r.Satisfied), row.GetProperty("satisfied").GetInt64());
            // The city spans the 4-level and the 3-level scale: levels are counted per scale, never added across them.
            Assert.Equal(JsonValueKind.Null, row.GetProperty("counts").ValueKind);
            foreach (var (scale, top) in new[] { ("4-muc", 4), ("3-muc", 3) })
                for (var score = 1; score <= top; score++)
                    Assert.Equal(mine.Count(r => TestCatalog.ScaleIdOf(r.Counter) == scale && r.Score == score),
                        row.GetProperty("countsByScale").GetProperty(scale).GetProperty(score.ToString()).GetInt64());
            var (low, high) = Wilson(mine.Count(r => r.Satisfied), mine.Count);
            Assert.Equal(low, row.GetProperty("ciLow").GetDouble(), 1e-12);
            Assert.Equal(high, row.GetProperty("ciHigh").GetDouble(), 1e-12);
        }
        // Fields below target come first.
        var statuses = report.GetProperty("fields").EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToList();
        Assert.True(statuses.TakeWhile(s => s == "below").Count() == statuses.Count(s => s == "below"), string.Join(",", statuses));

        // Units: every unit with counters of its own, ranked by rate.
        var ranked = report.GetProperty("units").EnumerateArray().ToList();
        Assert.True(ranked.Count >= 2);
        var rates = ranked.Select(u => u.GetProperty("row").GetProperty("rate").GetDouble()).ToList();
        Assert.Equal(rates.OrderByDescending(r => r), rates);
        Assert.Equal(1, ranked[0].GetProperty("rank").GetInt32());
        foreach (var unit in ranked.Select(u => u.GetProperty("row")))
        {
            var id = unit.GetProperty("key").GetString()!;
            Assert.Equal(october.Count(r => r.Unit == id), unit.GetProperty("total").GetInt64());
        }

        // Reasons per field, and the comments as text.
        foreach (var reason in report.GetProperty("reasons").EnumerateArray())
            Assert.Equal(october.Count(r => r.Field == reason.GetProperty("fieldCode").GetString() && r.Reasons.Contains(reason.GetProperty("reason").GetString())),
                reason.GetProperty("count").GetInt64());
        Assert.Equal(october.Where(r => r.Comment is not null).Select(r => r.Comment).Order(), report.GetProperty("comments").EnumerateArray().Select(c => c.GetProperty("text").GetString()).Order());

        // Trend: September and October per field.
        foreach (var trend in report.GetProperty("trend").EnumerateArray())
        {
            var field = trend.GetProperty("fieldCode").GetString()!;
            var months = trend.GetProperty("months").EnumerateArray().ToDictionary(m => m.GetProperty("month").GetString()!, m => m.GetProperty("total").GetInt64());
            Assert.Equal(12, months.Count);
            Assert.Equal(fixture.Ratings.Count(r => r.Field == field && r.Day.Month == 9), months["2026-09"]);
            Assert.Equal(october.Count(r => r.Field == field), months["2026-10"]);
            Assert.Equal(0, months["2026-01"]);
        }
    }

    [Fact]
    public async Task SpreadsheetAndCsvAgreeWithTheJson()
    {
        var client = await ReporterAsync();
        var json = await client.GetFromJsonAsync<JsonElement>("/api/reports?period=2026-10&unitId=ward-a");
        var xlsx = await client.GetAsync("/api/reports?period=2026-10&unitId=ward-a&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()), false);
        var sheets = workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().ToDictionary(s => s.Name!.Value!, s => (WorksheetPart)workbook.WorkbookPart.GetPartById(s.Id!));
        Assert.Equal(["Tổng hợp", "Theo lĩnh vực", "Theo đơn vị", "Theo quầy", "Lý do chưa hài lòng", "Góp ý của người dân", "Xu hướng 12 tháng", "Phản ánh, kiến nghị"], sheets.Keys);

        var fieldSheet = Rows(sheets["Theo lĩnh vực"]);
        var headers = fieldSheet[1];
        Assert.Equal("Lĩnh vực", headers[1]);
        var csv = await client.GetAsync("/api/reports?period=2026-10&unitId=ward-a&format=csv&section=fields");
        var csvBytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), csvBytes[..3]);
        var csvRows = ParseCsv(Encoding.UTF8.GetString(csvBytes[3..]));
        Assert.Equal(headers, csvRows[0]);

        var october = October.Where(r => r.Unit is "ward-a" or "ward-a-annex").ToList();
        var jsonRows = json.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(jsonRows.Count, fieldSheet.Count - 2);
        Assert.Equal(jsonRows.Count, csvRows.Count - 1);
        int Col(string name) => headers.IndexOf(name);
        for (var i = 0; i < jsonRows.Count; i++)
        {
            var key = jsonRows[i].GetProperty("key").GetString()!;
            var mine = october.Where(r => r.Field == key).ToList();
            var (sheetRow, csvRow) = (fieldSheet[i + 2], csvRows[i + 1]);
            Assert.Equal(key, sheetRow[Col("Mã")]);
            Assert.Equal(key, csvRow[Col("Mã")]);
            Assert.Equal(mine.Count.ToString(), sheetRow[Col("Số đánh giá")]);
            Assert.Equal(mine.Count.ToString(), csvRow[Col("Số đánh giá")]);
            Assert.True(mine.Count(r => r.Score == 1).ToString() == sheetRow[Col("Không hài lòng")],
                $"{key}: {string.Join("|", sheetRow)} / headers {string.Join("|", headers)} / json {jsonRows[i]}");
            Assert.Equal(mine.Count(r => r.Satisfied).ToString(), csvRow[Col("Số hài lòng")]);
            var rate = (double)mine.Count(r => r.Satisfied) / mine.Count;
            Assert.Equal(rate, double.Parse(sheetRow[Col("Tỷ lệ hài lòng")], CultureInfo.InvariantCulture), 1e-12); // a number, not text
            // CSV rates are ratios a spreadsheet computes with: invariant decimal point, five decimals.
            Assert.Equal(rate, double.Parse(csvRow[Col("Tỷ lệ hài lòng")], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), 0.000005);
            Assert.DoesNotContain("%", csvRow[Col("Cận dưới (95 %)")]);
            Assert.Equal(jsonRows[i].GetProperty("rate").GetDouble(), double.Parse(sheetRow[Col("Tỷ lệ hài lòng")], CultureInfo.InvariantCulture), 1e-15);
        }
        // The header row is frozen and percentages carry a percentage format.
        var view = sheets["Theo lĩnh vực"].Worksheet.GetFirstChild<SheetViews>()!.GetFirstChild<SheetView>()!.GetFirstChild<Pane>()!;
        Assert.Equal(PaneStateValues.Frozen, view.State!.Value);
        var styles = workbook.WorkbookPart.WorkbookStylesPart!.Stylesheet;
        Assert.Contains(styles.NumberingFormats!.Elements<NumberingFormat>(), f => f.FormatCode!.Value!.Contains('%'));

        // Counters of the unit's own report; comments escaped nowhere needed in CSV but guarded against formulas.
        var comments = ParseCsv(Encoding.UTF8.GetString((await client.GetByteArrayAsync("/api/reports?period=2026-10&format=csv&section=comments"))[3..]));
        Assert.All(comments.Skip(1), c => Assert.StartsWith("Góp ý số", c[4]));
        Assert.Equal(October.Count(r => r.Comment is not null), comments.Count - 1);
    }

    [Fact]
    public async Task PrintablePageEscapesCommentsAndDrawsTheTrend()
    {
        var html = await (await ReporterAsync()).GetStringAsync("/api/reports?period=2026-10&format=html");
        Assert.Contains("<svg class=\"chart\"", html);
        Assert.Contains("&lt;lâu&gt;", html);
        Assert.DoesNotContain("<lâu>", html);
        Assert.Contains("Tháng 10/2026", html);
    }

    [Fact]
    public async Task AccessFollowsTheRoles()
    {
        var server = fixture.Server;
        var supervisor = await StaffLogin.NewStaffAsync(server, "supervisor", "ward-a");
        var reporter = await StaffLogin.NewStaffAsync(server, "reporter");
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync("/api/reports?period=2026-10&unitId=ward-b")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync("/api/reports?period=2026-10")).StatusCode);
        var own = await supervisor.GetFromJsonAsync<JsonElement>("/api/reports?period=2026-10");
        Assert.Equal("ward-a", own.GetProperty("unitId").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/api/reports?period=2026-10&unitId=ward-b")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync("/api/reports/jobs", new { period = "2026-10" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("/api/reports?period=2026-10")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await (await server.KioskAsync("a1")).GetAsync("/api/reports?period=2026-10")).StatusCode);
        var bad = await reporter.GetAsync("/api/reports?period=2026-13&format=odt"); // docx is a format now
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("period", out _) && errors.TryGetProperty("format", out _));
    }

    private static List<List<string>> Rows(WorksheetPart sheet) => ReportFiles.Rows(sheet);

    private static List<List<string>> ParseCsv(string text) => ReportFiles.ParseCsv(text);
}
