using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Reports;

/// <summary>
/// The city spans the 4-level scale (wards) and the 3-level scale of Circular 01/2018 (Sở X): level 2 is "Bình thường"
/// (neutral) on one and "Hài lòng" (satisfied) on the other. On the city's board (Chromium), in the API and in every
/// report format, every level label belongs to its own scale, no number adds levels of different scales, and the
/// satisfied totals are this test's own arithmetic.
/// </summary>
[Collection(BrowserCollection.Name)]
public class MixedScaleTests(BrowserFixture browser)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 4, 0, 0, TimeSpan.Zero); // 11:00 on 20 Nov in Vietnam

    // Written out from the catalog's words, not read from the product.
    private static readonly Dictionary<string, (string Name, string[] Labels)> Scales = new()
    {
        ["3-muc"] = ("Thang 3 mức (Thông tư 01/2018/TT-VPCP)", ["Rất hài lòng", "Hài lòng", "Không hài lòng"]),
        ["4-muc"] = ("Thang 4 mức (thiết bị tại quầy)", ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"]),
    };

    private static string LabelOf(string scale, int score) => Scales[scale].Labels[Scales[scale].Labels.Length - score];

    private static readonly (string Counter, string Field, int[] Scores)[] Sent =
    [
        ("a1", "ho-tich", [4, 4, 3, 2, 2, 1]),
        ("b1", "ho-tich", [4, 2]),
        ("x1", "dat-dai", [3, 2, 2, 2, 1]),
    ];

    private static IEnumerable<(string Counter, string Field, int Score)> Ratings() =>
        Sent.SelectMany(s => s.Scores.Select(score => (s.Counter, s.Field, score)));

    private static long Count(string scale, int score, string? field = null) =>
        Ratings().Count(r => TestCatalog.ScaleIdOf(r.Counter) == scale && r.Score == score && (field is null || r.Field == field));

    private static long Satisfied(string? field = null) =>
        Ratings().Count(r => TestCatalog.IsSatisfied(r.Counter, r.Score) && (field is null || r.Field == field));

    /// <summary>The level columns a mixed table must have, in order: each scale (by id) with its own levels, best first.</summary>
    private static readonly List<(string Header, string Scale, int Score)> LevelColumns = Scales
        .SelectMany(s => s.Value.Labels.Select((label, i) => ($"{s.Value.Name}: {label}", s.Key, s.Value.Labels.Length - i))).ToList();

    private static async Task<ParSurveyServer> SeededAsync()
    {
        var server = await ParSurveyServer.StartAsync(new SettableClock(Now));
        foreach (var (counter, field, scores) in Sent)
        {
            var bodies = scores.Select((score, i) =>
            {
                var body = RatingBody.New(counter, score, fieldCode: field);
                body["submittedAt"] = Now.AddMinutes(-10 * (i + 1)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
                return body;
            });
            var answer = await (await server.PostBatchAsync(counter, bodies)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(scores.Length, answer.GetProperty("created").GetInt32());
        }
        return server;
    }

    [Fact]
    public async Task CityApiAndReportsCountLevelsPerScaleInTheirOwnWords()
    {
        await using var server = await SeededAsync();
        var admin = await server.AdminAsync();

        // The API: per scale and per group; no per-score counts where scales mix.
        var api = await admin.GetFromJsonAsync<JsonElement>("/api/satisfaction?from=2026-11-20&to=2026-11-20&groupBy=field");
        var overall = api.GetProperty("overall");
        Assert.Equal(JsonValueKind.Null, overall.GetProperty("counts").ValueKind);
        Assert.Equal(Satisfied(), overall.GetProperty("satisfied").GetInt64());
        Assert.Equal(Satisfied(), overall.GetProperty("groups").GetProperty("satisfied").GetInt64());
        Assert.Equal(Count("4-muc", 2), overall.GetProperty("groups").GetProperty("neutral").GetInt64());
        Assert.Equal(Count("4-muc", 1) + Count("3-muc", 1), overall.GetProperty("groups").GetProperty("notSatisfied").GetInt64());
        foreach (var (_, scale, score) in LevelColumns)
            Assert.Equal(Count(scale, score), overall.GetProperty("countsByScale").GetProperty(scale).GetProperty($"{score}").GetInt64());
        foreach (var scale in api.GetProperty("scales").EnumerateArray())
        {
            var id = scale.GetProperty("id").GetString()!;
            Assert.Equal(Scales[id].Labels, scale.GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("label").GetString()));
        }
        // One ward alone is on one scale and looks as it always did.
        var wardA = await admin.GetFromJsonAsync<JsonElement>("/api/satisfaction?from=2026-11-20&to=2026-11-20&unitId=ward-a");
        Assert.Equal(2, wardA.GetProperty("overall").GetProperty("counts").GetProperty("2").GetInt64());

        // Every report format.
        var report = await ReportFiles.FetchAsync(admin, "period=2026-11", "fields", "units");
        Assert.Equal(Scales.Keys, report.Json.GetProperty("scales").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        foreach (var row in report.Json.GetProperty("fields").EnumerateArray())
        {
            var field = row.GetProperty("key").GetString()!;
            Assert.Equal(Satisfied(field), row.GetProperty("satisfied").GetInt64());
            foreach (var (_, scale, score) in LevelColumns)
                Assert.Equal(Count(scale, score, field), row.GetProperty("countsByScale").GetProperty(scale).GetProperty($"{score}").GetInt64());
        }
        Assert.Equal(Satisfied(), report.Json.GetProperty("summary").GetProperty("current").GetProperty("satisfied").GetInt64());

        foreach (var (rows, what) in new[] { (report.Sheets["Theo lĩnh vực"].Skip(1).ToList(), "xlsx"), (report.Csv["fields"], "csv") })
        {
            var headers = rows[0];
            var first = headers.IndexOf("Số đánh giá") + 1;
            Assert.Equal(LevelColumns.Select(c => c.Header), headers.Skip(first).Take(LevelColumns.Count));
            Assert.DoesNotContain(headers, h => h.StartsWith("Mức"));
            foreach (var line in rows.Skip(1))
            {
                var field = line[headers.IndexOf("Mã")];
                for (var i = 0; i < LevelColumns.Count; i++)
                    Assert.True(Count(LevelColumns[i].Scale, LevelColumns[i].Score, field).ToString(CultureInfo.InvariantCulture) == line[first + i],
                        $"{what} {field} {LevelColumns[i].Header}: {line[first + i]}");
                Assert.Equal(Satisfied(field).ToString(CultureInfo.InvariantCulture), line[headers.IndexOf("Số hài lòng")]);
            }
        }
        foreach (var (header, _, _) in LevelColumns) Assert.Contains($">{header}<", report.Html);
        Assert.DoesNotContain(">Mức ", report.Html);
    }

    [Fact]
    public async Task CityBoardShowsEachScalesLevelsInItsOwnWords()
    {
        await using var server = await SeededAsync();
        var (context, page) = await browser.SignedInAsync(server, ParSurveyServer.AdminEmail, server.AdminPassword, "/board");
        await using var _ = context;
        await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync($"{Ratings().Count()}", new() { Timeout = 15_000 });
        var items = await page.Locator("#levels li").EvaluateAllAsync<JsonElement>(
            "items => items.map(li => ({ scale: li.dataset.scale, score: Number(li.dataset.score), text: li.textContent }))");
        Assert.Equal(LevelColumns.Count, items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            var scale = item.GetProperty("scale").GetString()!;
            var score = item.GetProperty("score").GetInt32();
            // "Thang 3 mức (…): Hài lòng: 3" — the scale's own name and word for the level, and that scale's count only.
            Assert.Equal($"{Scales[scale].Name}: {LabelOf(scale, score)}: {Count(scale, score)}", item.GetProperty("text").GetString());
        }
        // 8 of 13 satisfied (a1: 4, 4, 3; b1: 4; x1: 3, 2, 2, 2), adding groups across scales, never levels.
        Assert.Equal(8, Satisfied());
        var rate = (100.0 * Satisfied() / Ratings().Count()).ToString("0.0", CultureInfo.GetCultureInfo("vi-VN")) + "\u00a0%";
        await Assertions.Expect(page.Locator("#rate")).ToHaveTextAsync(rate);
    }
}
