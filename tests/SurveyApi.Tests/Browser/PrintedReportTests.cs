using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>
/// The printed report as a reporter sees it in Chromium on 29/11/2026 (Vietnam), with a handful of ratings placed so
/// that each rule of the page shows: a field rated in one month only, a field at 0 %, a month still running, a unit
/// with no ratings.
/// </summary>
[Collection(BrowserCollection.Name)]
public class PrintedReportTests(BrowserFixture browser)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero); // 10:00 on 29/11 in Vietnam

    private static async Task<ParSurveyServer> SeededAsync()
    {
        var server = await ParSurveyServer.StartAsync(new SettableClock(Now), extraArgs: ["--ParSurvey:Ingest:MaxOfflineAgeDays=366"]);
        // Hộ tịch at a1, October only: 2 of 3 satisfied (66,7 %). Chứng thực at b1, November: 2 of 2 "Không hài lòng" (0 %).
        (string Counter, string Field, int Score, string Day)[] ratings =
        [
            ("a1", "ho-tich", 4, "2026-10-12"), ("a1", "ho-tich", 3, "2026-10-13"), ("a1", "ho-tich", 1, "2026-10-14"),
            ("b1", "chung-thuc", 1, "2026-11-20"), ("b1", "chung-thuc", 1, "2026-11-21"),
        ];
        foreach (var (counter, field, score, day) in ratings)
        {
            var body = RatingBody.New(counter, score, fieldCode: field);
            body["submittedAt"] = $"{day}T09:30:00+07:00";
            var response = await server.PostRatingAsync(body);
            Assert.True(response.IsSuccessStatusCode, $"{counter} {day}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return server;
    }

    private async Task<(IBrowserContext Context, IPage Page)> PrintAsync(ParSurveyServer server, string query)
    {
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        return await browser.SignedInAsync(server, email, password, "/reports/print?" + query, 
            new() { ViewportSize = new() { Width = 1000, Height = 1400 }, BypassCSP = true }); // CSP bypassed only so the test can inject axe-core
    }

    private static async Task<double> AttributeAsync(ILocator element, string name) =>
        double.Parse((await element.GetAttributeAsync(name))!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheRunningMonthEndsTodayAndAZeroRateSitsOnTheZeroLine()
    {
        await using var server = await SeededAsync();
        var (context, page) = await PrintAsync(server, "period=2026-11");
        await using var _ = context;

        await Assertions.Expect(page.Locator(".period")).ToHaveTextAsync("Tháng 11/2026, từ 01/11/2026 đến nay (29/11/2026)");
        Assert.DoesNotContain("30/11/2026", await page.Locator("body").InnerTextAsync());

        // 0 % is drawn on the 0 % grid line, and the chart says the axis starts there.
        var chart = page.Locator("svg.chart");
        Assert.Equal("0", await chart.GetAttributeAsync("data-floor"));
        await Assertions.Expect(chart.Locator(".axis-note")).ToContainTextAsync("Trục tỷ lệ từ 0 %");
        var zero = chart.Locator("circle[data-field='chung-thuc'][data-month='2026-11']");
        await Assertions.Expect(zero).ToHaveCountAsync(1);
        Assert.Equal(await AttributeAsync(chart.Locator("line[data-tick='0']"), "y1"), await AttributeAsync(zero, "cy"), 0.05);
        // Hộ tịch was rated in October only: one month is one dot, not an empty line.
        await Assertions.Expect(chart.Locator("circle[data-field='ho-tich']")).ToHaveCountAsync(1);
        await Assertions.Expect(chart.Locator("circle[data-field='ho-tich']")).ToHaveAttributeAsync("data-month", "2026-10");
        var hoTich = chart.Locator("circle[data-field='ho-tich']");
        var (y0, y100) = (await AttributeAsync(chart.Locator("line[data-tick='0']"), "y1"), await AttributeAsync(chart.Locator("line[data-tick='1']"), "y1"));
        Assert.Equal(y0 + (y100 - y0) * 2 / 3.0, await AttributeAsync(hoTich, "cy"), 0.06);

        // Names, not codes, in the printed tables.
        var cells = await page.Locator("td, th").AllInnerTextsAsync();
        Assert.Contains("Chứng thực", cells);
        foreach (var code in new[] { "ho-tich", "chung-thuc", "dat-dai", "ward-a", "ward-b", "dept-x", "ward-a-annex" })
            Assert.DoesNotContain(code, cells);

        var violations = await BrowserFixture.AuditAsync(page);
        Assert.True(!violations.Any(v => v.Impact is "serious" or "critical"), string.Join("; ", violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} ×{v.Nodes}")));
    }

    [Fact]
    public async Task AnAxisThatDoesNotStartAtZeroSaysWhereItStarts()
    {
        await using var server = await SeededAsync();
        var (context, page) = await PrintAsync(server, "period=2026-10&unitId=ward-a");
        await using var _ = context;

        var chart = page.Locator("svg.chart");
        Assert.Equal("0.5", await chart.GetAttributeAsync("data-floor"));
        await Assertions.Expect(chart.Locator(".axis-note")).ToContainTextAsync("Trục tỷ lệ bắt đầu từ 50 % (không phải 0 %)");
        await Assertions.Expect(chart.Locator("line[data-tick='0']")).ToHaveCountAsync(0);
        // 2 of 3 lies two thirds of the way from the 60 % line to the 70 % line.
        var (y60, y70) = (await AttributeAsync(chart.Locator("line[data-tick='0.6']"), "y1"), await AttributeAsync(chart.Locator("line[data-tick='0.7']"), "y1"));
        Assert.Equal(y60 + (y70 - y60) * (2 / 3.0 - 0.6) / 0.1, await AttributeAsync(chart.Locator("circle[data-field='ho-tich']"), "cy"), 0.06);
        // A month that is over ends on its last day.
        await Assertions.Expect(page.Locator(".period")).ToHaveTextAsync("Tháng 10/2026, từ 01/10/2026 đến 31/10/2026");
    }

    [Fact]
    public async Task AUnitWithoutRatingsSaysSoInsteadOfDashes()
    {
        await using var server = await SeededAsync();
        var (context, page) = await PrintAsync(server, "period=2026-11&unitId=ward-a-annex");
        await using var _ = context;

        await Assertions.Expect(page.Locator(".summary .interval")).ToHaveTextAsync("chưa có đánh giá");
        await Assertions.Expect(page.Locator(".summary .headline")).ToContainTextAsync("chưa có đánh giá");
        Assert.DoesNotContain("– – –", await page.Locator(".summary").InnerTextAsync());
        Assert.DoesNotContain("–\u00a0–", await page.Locator(".summary").InnerTextAsync());

        // The CSV of the same report: an empty rate is an empty cell, never a dash a spreadsheet cannot add up.
        var admin = await server.AdminAsync();
        var csv = await admin.GetStringAsync("/api/reports?period=2026-11&unitId=ward-a-annex&format=csv&section=summary");
        Assert.Contains("\r\nKhoảng tin cậy 95 % – cận dưới,\r\n", csv);
    }

    [Fact]
    public async Task CsvRatesAreNumbersASpreadsheetCanComputeWith()
    {
        await using var server = await SeededAsync();
        var admin = await server.AdminAsync();
        var csv = (await admin.GetStringAsync("/api/reports?period=2026-10&unitId=ward-a&format=csv&section=fields")).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines[0].Split(',');
        var hoTich = lines.Single(l => l.StartsWith("ho-tich,")).Split(',');
        var rate = hoTich[Array.IndexOf(headers, "Tỷ lệ hài lòng")];
        Assert.Equal("0.66667", rate);
        Assert.Equal(2 / 3.0, double.Parse(rate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), 0.000005);
        Assert.Equal("0.95", hoTich[Array.IndexOf(headers, "Chỉ tiêu")]);
        Assert.DoesNotContain("%", string.Join(",", hoTich));
    }
}
