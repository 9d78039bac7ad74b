using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Satisfaction;

/// <summary>
/// One status rule everywhere: four wards on the 4-level scale against 95 % — 12 of 20, 28 of 29, 95 of 100, 94 of 100 —
/// are below, insufficient, met and below in the API, on the live board (in Chromium) and in every report format,
/// whose summary lists each ward below with its n and interval.
/// </summary>
[Collection(BrowserCollection.Name)]
public class StatusRuleTests(BrowserFixture browser)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 4, 0, 0, TimeSpan.Zero); // 11:00 on 20 Nov in Vietnam

    private sealed record Ward(string Unit, string Name, string Counter, int Satisfied, int Total, string Status);

    private static readonly Ward[] Wards =
    [
        new("w1", "Phường Một", "q1", 12, 20, "below"),
        new("w2", "Phường Hai", "q2", 28, 29, "insufficient"),
        new("w3", "Phường Ba", "q3", 95, 100, "met"),
        new("w4", "Phường Bốn", "q4", 94, 100, "below"),
    ];

    private static string Catalog() => JsonSerializer.Serialize(new
    {
        name = "Thành phố kiểm thử",
        fields = new[] { new { code = "ho-tich", name = "Hộ tịch" } },
        reasons = new[] { new { code = "cho-lau", label = "Thời gian chờ lâu" } },
        units = new object[] { new { id = "city", name = "Thành phố" } }
            .Concat(Wards.Select(w => (object)new { id = w.Unit, name = w.Name, parentId = "city" })),
        counters = Wards.Select(w => new { id = w.Counter, unitId = w.Unit, name = $"Quầy {w.Unit}", fieldCodes = new[] { "ho-tich" } }),
    });

    /// <summary>Wilson score interval at 95 %, written out here rather than taken from the product.</summary>
    private static (double Low, double High) Wilson(double s, double n)
    {
        const double z = 1.959963984540054;
        var p = s / n;
        var centre = (p + z * z / (2 * n)) / (1 + z * z / n);
        var half = z / (1 + z * z / n) * Math.Sqrt(p * (1 - p) / n + z * z / (4 * n * n));
        return (centre - half, centre + half);
    }

    private static string Vi(double share) => (share * 100).ToString("0.0", CultureInfo.GetCultureInfo("vi-VN")) + " %";

    [Fact]
    public async Task TwelveOfTwentyIsBelowAndTheSameStatusShowsInTheApiOnTheBoardAndInTheReport()
    {
        await using var server = await ParSurveyServer.StartAsync(new SettableClock(Now), catalogJson: Catalog());
        foreach (var ward in Wards)
        {
            // This morning, a minute apart (so no press is filtered): the satisfied first, then "Không hài lòng".
            var bodies = Enumerable.Range(0, ward.Total).Select(i =>
            {
                var body = RatingBody.New(ward.Counter, i < ward.Satisfied ? 4 : 1);
                body["submittedAt"] = Now.AddMinutes(-i - 1).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
                return body;
            });
            var answer = await (await server.PostBatchAsync(ward.Counter, bodies)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(ward.Total, answer.GetProperty("created").GetInt32());
            Assert.Equal(0, answer.GetProperty("filtered").GetInt32());
        }
        var admin = await server.AdminAsync();

        // The API.
        var byUnit = await admin.GetFromJsonAsync<JsonElement>("/api/satisfaction?from=2026-11-20&to=2026-11-20&unitId=city&groupBy=unit");
        foreach (var ward in Wards)
        {
            var row = byUnit.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == ward.Unit);
            Assert.Equal(ward.Total, row.GetProperty("total").GetInt64());
            Assert.True(ward.Status == row.GetProperty("status").GetString(), $"{ward.Unit}: {ward.Status} expected, saw {row.GetProperty("status")}");
            var (low, high) = Wilson(ward.Satisfied, ward.Total);
            Assert.Equal(high, row.GetProperty("ciHigh").GetDouble(), 1e-12);
            Assert.Equal(low, row.GetProperty("ciLow").GetDouble(), 1e-12);
        }
        var (low12, high12) = Wilson(12, 20);
        Assert.Equal("38,7 %", Vi(low12));
        Assert.Equal("78,1 %", Vi(high12));

        // Every report format: each ward's status, and the summary lists the wards below with n and interval.
        var report = await ReportFiles.FetchAsync(admin, "period=2026-11", "summary", "units");
        var below = report.Json.GetProperty("summary").GetProperty("unitsBelow").EnumerateArray().ToList();
        Assert.Equal(["w1", "w4"], below.Select(r => r.GetProperty("key").GetString()));
        Assert.Equal([20L, 100L], below.Select(r => r.GetProperty("total").GetInt64()));
        var units = report.Json.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("row"))
            .Concat(report.Json.GetProperty("unitsTooFewToRank").EnumerateArray()).ToList();
        foreach (var ward in Wards)
            Assert.Equal(ward.Status, units.Single(u => u.GetProperty("key").GetString() == ward.Unit).GetProperty("status").GetString());

        string[] StatusWords(Ward w) => [w.Status switch { "below" => "Chưa đạt", "met" => "Đạt", _ => "Chưa đủ mẫu" }];
        foreach (var (rows, what) in new[] { (report.Sheets["Theo đơn vị"].Skip(1).ToList(), "xlsx"), (report.Csv["units"], "csv") })
        {
            var headers = rows[0];
            foreach (var ward in Wards)
            {
                var line = rows.Single(r => r.Contains(ward.Unit));
                Assert.True(StatusWords(ward).Contains(line[headers.IndexOf("Kết quả")]), $"{what} {ward.Unit}: {string.Join(" | ", line)}");
            }
        }
        var listed = new[] { ("Phường Một", 12, 20), ("Phường Bốn", 94, 100) };
        foreach (var (name, s, n) in listed)
        {
            var (low, high) = Wilson(s, n);
            var text = $"{name}: {Vi((double)s / n)} trên {n} đánh giá";
            var interval = $"{Vi(low)} – {Vi(high)}";
            foreach (var (summary, what) in new[] { (report.Sheets["Tổng hợp"], "xlsx"), (report.Csv["summary"], "csv") })
            {
                var line = summary.Single(r => r[0] == "Đơn vị chưa đạt chỉ tiêu" && r[1].StartsWith(name));
                Assert.True(line[1].StartsWith(text) && line[1].Contains(interval), $"{what}: '{line[1]}' should say {text} … {interval}");
            }
            Assert.Contains(text, report.Html);
            Assert.Contains(interval, report.Html);
        }
        Assert.DoesNotContain("Phường Hai:", report.Html);
        Assert.DoesNotContain("Phường Ba:", report.Html);

        // The board, in Chromium: the same status per counter, below in red.
        var (context, page) = await browser.SignedInAsync(server, ParSurveyServer.AdminEmail, server.AdminPassword, "/board");
        await using var _ = context;
        foreach (var ward in Wards)
        {
            var row = page.Locator($"#counters tr[data-key='{ward.Counter}']");
            await Assertions.Expect(row).ToHaveClassAsync(new System.Text.RegularExpressions.Regex($"\\bstatus-{ward.Status}\\b"), new() { Timeout = 15_000 });
        }
        var red = await page.Locator("#counters tr[data-key='q1'] td").First.EvaluateAsync<string>("td => getComputedStyle(td).color");
        Assert.Equal("rgb(164, 22, 26)", red);
    }
}
