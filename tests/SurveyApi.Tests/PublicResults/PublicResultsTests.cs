using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.PublicResults;

/// <summary>A year of ratings seeded once: the public pages read it without signing in.</summary>
public sealed class PublicResultsServer : IAsyncLifetime
{
    /// <summary>11:00 on 20 November 2026 in Vietnam.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 4, 0, 0, TimeSpan.Zero);
    public const string Secret = "Bí mật riêng tư của công dân";

    public SettableClock Clock { get; } = new(Now);
    public ParSurveyServer Server { get; private set; } = null!;
    public List<(string Counter, string Field, int Score, DateOnly Day)> Ratings { get; } = [];

    public async Task InitializeAsync()
    {
        Server = await ParSurveyServer.StartAsync(Clock, extraArgs: ["--ParSurvey:Ingest:MaxOfflineAgeDays=366", ParSurveyServer.NoPressFilter]);
        var random = new Random(1811);
        var bodies = new Dictionary<string, List<Dictionary<string, object?>>>();
        for (var i = 0; i < 900; i++)
        {
            var counter = TestCatalog.Counters[random.Next(TestCatalog.Counters.Length)];
            var field = TestCatalog.FieldsOf[counter][random.Next(TestCatalog.FieldsOf[counter].Length)];
            var scores = TestCatalog.ScoresOf(counter);
            var score = random.NextDouble() < 0.85 ? scores[^1] : scores[random.Next(scores.Length)];
            var day = new DateOnly(2025, 12, 1).AddDays(random.Next(0, 355)); // 1 Dec 2025 – 20 Nov 2026
            var body = RatingBody.New(counter, score, fieldCode: field);
            body["submittedAt"] = $"{day:yyyy-MM-dd}T{random.Next(7, 11):D2}:{random.Next(60):D2}:00+07:00";
            if (!TestCatalog.IsSatisfied(counter, score))
            {
                body["reasons"] = new[] { "cho-lau" };
                body["comment"] = Secret;
            }
            Ratings.Add((counter, field, score, day));
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

public class PublicResultsTests(PublicResultsServer fixture) : IClassFixture<PublicResultsServer>
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");
    private ParSurveyServer Server => fixture.Server;

    private static string Percent(long satisfied, long total) => ((double)satisfied / total * 100).ToString("0.0", Vi) + " %";

    /// <summary>The test's own count of a unit's ratings (its subtree) between two local dates.</summary>
    private (long Satisfied, long Total) Count(string[] units, DateOnly from, DateOnly to, string? field = null)
    {
        var rows = fixture.Ratings.Where(r => units.Contains(TestCatalog.UnitOf[r.Counter]) && r.Day >= from && r.Day <= to && (field is null || r.Field == field)).ToList();
        return (rows.Count(r => TestCatalog.IsSatisfied(r.Counter, r.Score)), rows.Count);
    }

    private static readonly string[] WardA = ["ward-a", "ward-a-annex"];

    [Theory]
    [InlineData("ward-a", "2026-11", "2026-11-01", "2026-11-30")]
    [InlineData("ward-a", "2026-10", "2026-10-01", "2026-10-31")]
    [InlineData("ward-a", "cchc-year-2026", "2025-12-15", "2026-11-30")]
    [InlineData("city", "2026-Q2", "2026-04-01", "2026-06-30")]
    [InlineData("dept-x", "2026-03", "2026-03-01", "2026-03-31")]
    public async Task OpenDataEqualsTheSatisfactionApiForTheSameUnitAndPeriod(string unit, string period, string from, string to)
    {
        var open = await Server.Client.GetFromJsonAsync<JsonElement>($"/api/public/units/{unit}/satisfaction?period={period}");
        var admin = await Server.AdminAsync();
        var api = await admin.GetFromJsonAsync<JsonElement>($"/api/satisfaction?from={from}&to={to}&unitId={unit}&groupBy=field");

        static void Same(JsonElement figure, JsonElement row)
        {
            Assert.Equal(row.GetProperty("total").GetInt64(), figure.GetProperty("ratings").GetInt64());
            foreach (var name in new[] { "satisfied", "rate", "ciLow", "ciHigh", "target", "status" })
                Assert.Equal(row.GetProperty(name).ToString(), figure.GetProperty(name).ToString());
        }
        Same(open.GetProperty("overall"), api.GetProperty("overall"));
        var fields = open.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("code").GetString()!);
        var rows = api.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(rows.Count, fields.Count);
        foreach (var row in rows) Same(fields[row.GetProperty("key").GetString()!].GetProperty("figure"), row);
        Assert.StartsWith("CC BY 4.0", open.GetProperty("licence").GetString());

        if (unit == "ward-a") // and both equal the test's own count
        {
            var (satisfied, total) = Count(WardA, DateOnly.Parse(from), DateOnly.Parse(to));
            Assert.Equal(total, open.GetProperty("overall").GetProperty("ratings").GetInt64());
            Assert.Equal(satisfied, open.GetProperty("overall").GetProperty("satisfied").GetInt64());
        }
    }

    [Fact]
    public async Task UnitPageShowsThisMonthLastMonthTheCchcYearAndTwelveMonthsPerFieldWithoutSigningIn()
    {
        var response = await Server.Client.GetAsync("/cong-khai/ward-a");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<h1>Phường A</h1>", html);
        foreach (var field in new[] { "ho-tich", "chung-thuc", "dat-dai" })
        {
            var section = html[html.IndexOf($"id=\"field-{field}\"", StringComparison.Ordinal)..];
            section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
            var (s11, n11) = Count(WardA, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), field);
            var (s10, n10) = Count(WardA, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 31), field);
            var (sy, ny) = Count(WardA, new DateOnly(2025, 12, 15), new DateOnly(2026, 11, 20), field);
            Assert.Contains($"Tháng này (tháng 11/2026)</th><td>{n11}</td><td>{Percent(s11, n11)}</td>", section);
            Assert.Contains($"Tháng trước (tháng 10/2026)</th><td>{n10}</td><td>{Percent(s10, n10)}</td>", section);
            Assert.Contains($"Năm CCHC đến nay (15/12/2025 – 20/11/2026)</th><td>{ny}</td><td>{Percent(sy, ny)}</td>", section);
            for (var m = new DateOnly(2025, 12, 1); m <= new DateOnly(2026, 11, 1); m = m.AddMonths(1))
            {
                var (s, n) = Count(WardA, m, m.AddMonths(1).AddDays(-1), field);
                Assert.Contains($"<th scope=\"row\">{m:MM/yyyy}</th><td>{n}</td><td>{(n == 0 ? "–" : Percent(s, n))}</td>", section);
            }
        }
        Assert.Contains("href=\"/cong-khai/ward-a-annex\"", html);
        Assert.Contains("cập nhật lúc", html);

        var english = WebUtility.HtmlDecode(await Server.Client.GetStringAsync("/cong-khai/ward-a?lang=en"));
        var (sa, na) = Count(WardA, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains($"This month (November 2026)</th><td>{na}</td><td>{((double)sa / na * 100).ToString("0.0", CultureInfo.InvariantCulture)} %</td>", english);
    }

    [Theory]
    [InlineData("ward-a")]
    [InlineData("city")]
    public async Task EveryNumberOnTheUnitPageEqualsTheSatisfactionApis(string unit)
    {
        // Ratings, rate, interval, target and status of each field in each window, as /api/satisfaction gives them.
        var html = WebUtility.HtmlDecode(await Server.Client.GetStringAsync($"/cong-khai/{unit}"));
        var admin = await Server.AdminAsync();
        static string Share(JsonElement value) => value.ValueKind == JsonValueKind.Null ? "–" : (value.GetDouble() * 100).ToString("0.0", Vi) + " %";
        var windows = new[]
        {
            ("Tháng này (tháng 11/2026)", "2026-11-01", "2026-11-30"),
            ("Tháng trước (tháng 10/2026)", "2026-10-01", "2026-10-31"),
            ("Năm CCHC đến nay (15/12/2025 – 20/11/2026)", "2025-12-15", "2026-11-20"),
        };
        var compared = 0;
        foreach (var (label, from, to) in windows)
        {
            var api = await admin.GetFromJsonAsync<JsonElement>($"/api/satisfaction?from={from}&to={to}&unitId={unit}&groupBy=field");
            foreach (var row in api.GetProperty("rows").EnumerateArray())
            {
                var field = row.GetProperty("key").GetString()!;
                var section = html[html.IndexOf($"id=\"field-{field}\"", StringComparison.Ordinal)..];
                section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
                var total = row.GetProperty("total").GetInt64();
                var interval = total == 0 ? "–" : $"{Share(row.GetProperty("ciLow"))} – {Share(row.GetProperty("ciHigh"))}";
                var status = row.GetProperty("status").GetString() switch { "met" => "Đạt", "below" => "Chưa đạt", _ => "Chưa đủ mẫu" };
                Assert.Contains($"{label}</th><td>{total.ToString("N0", Vi)}</td><td>{(total == 0 ? "–" : Share(row.GetProperty("rate")))}</td>" +
                                $"<td>{interval}</td><td>{Share(row.GetProperty("target"))}</td><td class=\"status {row.GetProperty("status").GetString()}\">{status}</td>", section);
                compared++;
            }
        }
        Assert.True(compared >= 9, $"only {compared} rows compared");
    }

    [Fact]
    public async Task TheOpenDataLicenceIsStatedInJsonCsvAndTheOpenApiDocument()
    {
        var json = await Server.Client.GetFromJsonAsync<JsonElement>("/api/public/units/ward-a/satisfaction?period=2026-11");
        Assert.Equal("CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)", json.GetProperty("licence").GetString());
        var csv = await Server.Client.GetAsync("/api/public/units/ward-a/satisfaction?period=2026-11&format=csv");
        Assert.Contains("rel=\"license\"", string.Join(",", csv.Headers.GetValues("Link")));
        var lines = (await csv.Content.ReadAsStringAsync()).TrimEnd().Split("\r\n");
        Assert.Contains("licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)", lines[^1]);
        var openApi = await Server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var get = openApi.GetProperty("paths").GetProperty("/api/public/units/{unitId}/satisfaction").GetProperty("get");
        Assert.Contains("Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)", get.GetProperty("description").GetString());
        var content = get.GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(content.TryGetProperty("text/csv", out _) && content.TryGetProperty("application/json", out var schema) &&
                    schema.GetProperty("schema").ToString().Contains("PublicSatisfaction"), content.ToString());
    }

    [Fact]
    public async Task EveryUnitIsListedAndNothingPersonalAppearsAnywhere()
    {
        var list = WebUtility.HtmlDecode(await Server.Client.GetStringAsync("/cong-khai"));
        foreach (var name in new[] { "Thành phố", "Phường A", "Điểm tiếp nhận phường A", "Phường B", "Sở X" }) Assert.Contains(name, list);

        var answers = new List<string> { list };
        foreach (var unit in new[] { "city", "ward-a", "ward-b", "dept-x" })
        foreach (var path in new[] { $"/cong-khai/{unit}", $"/cong-khai/{unit}?lang=en", $"/embed/{unit}", $"/badge/{unit}.svg",
                     $"/api/public/units/{unit}/satisfaction", $"/api/public/units/{unit}/satisfaction?format=csv&period=cchc-year-2026" })
        {
            var response = await Server.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            answers.Add(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }
        foreach (var text in answers)
        {
            Assert.DoesNotContain(PublicResultsServer.Secret, text);
            Assert.DoesNotContain("Thời gian chờ lâu", text); // a reason
            Assert.DoesNotContain("Máy tính bảng", text);     // a device
            Assert.DoesNotContain(ParSurveyServer.AdminEmail, text);
        }
    }

    [Fact]
    public async Task BadgeIsValidSvgWithThisMonthsRate()
    {
        var response = await Server.Client.GetAsync("/badge/ward-b.svg");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        var (s, n) = Count(["ward-b"], new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
        var text = string.Join(" ", svg.Descendants(ns + "text").Select(t => t.Value));
        Assert.Equal($"Hài lòng {Percent(s, n)} · tháng 11/2026", text);
        Assert.Contains(text, svg.Root.Element(ns + "title")!.Value);
    }

    [Fact]
    public async Task BadInputIsAProblemNamingTheFieldAndAnUnknownUnitIsNotFound()
    {
        foreach (var (query, field) in new[] { ("period=2026-13", "period"), ("period=1999-01", "period"), ("format=xml", "format") })
        {
            var response = await Server.Client.GetAsync($"/api/public/units/ward-a/satisfaction?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), query);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Client.GetAsync("/api/public/units/nowhere/satisfaction")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Client.GetAsync("/cong-khai/nowhere")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Client.GetAsync("/badge/nowhere.svg")).StatusCode);
    }

    [Fact]
    public async Task OnlyTheWidgetMayBeFramedByAnotherSite()
    {
        var widget = await Server.Client.GetAsync("/embed/ward-a");
        Assert.Contains("frame-ancestors *", widget.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(widget.Headers.Contains("X-Frame-Options"));
        var page = await Server.Client.GetAsync("/cong-khai/ward-a");
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
    }
}

/// <summary>The cache has its own server and clock: it moves time on.</summary>
public class PublicResultsCacheTests
{
    [Fact]
    public async Task AnswersCarryAnETagAndAreRecomputedAtMostEveryFiveMinutes()
    {
        var clock = new SettableClock(PublicResultsServer.Now);
        await using var server = await ParSurveyServer.StartAsync(clock, extraArgs: [ParSurveyServer.NoPressFilter]);
        Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(RatingBody.New("b1", 4, fieldCode: "ho-tich"))).StatusCode);
        foreach (var path in new[] { "/cong-khai/ward-b", "/api/public/units/ward-b/satisfaction", "/badge/ward-b.svg", "/cong-khai" })
        {
            var first = await server.Client.GetAsync(path);
            var etag = first.Headers.ETag!;
            Assert.True(first.Headers.CacheControl!.Public, path);
            Assert.InRange(first.Headers.CacheControl.MaxAge!.Value.TotalSeconds, 1, 300);
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(etag);
            var notModified = await server.Client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }

        var before = await server.Client.GetFromJsonAsync<JsonElement>("/api/public/units/ward-b/satisfaction");
        var beforeTag = (await server.Client.GetAsync("/cong-khai/ward-b")).Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(RatingBody.New("b1", 1, fieldCode: "ho-tich"))).StatusCode);
        clock.Now = clock.Now.AddMinutes(4).AddSeconds(59);
        Assert.Equal(1, (await server.Client.GetFromJsonAsync<JsonElement>("/api/public/units/ward-b/satisfaction")).GetProperty("overall").GetProperty("ratings").GetInt64());
        Assert.Equal(beforeTag, (await server.Client.GetAsync("/cong-khai/ward-b")).Headers.ETag!.Tag);
        clock.Now = clock.Now.AddSeconds(1);
        var after = await server.Client.GetFromJsonAsync<JsonElement>("/api/public/units/ward-b/satisfaction");
        Assert.Equal(2, after.GetProperty("overall").GetProperty("ratings").GetInt64());
        Assert.NotEqual(before.GetProperty("updatedAt").GetString(), after.GetProperty("updatedAt").GetString());
        Assert.NotEqual(beforeTag, (await server.Client.GetAsync("/cong-khai/ward-b")).Headers.ETag!.Tag);
    }
}
