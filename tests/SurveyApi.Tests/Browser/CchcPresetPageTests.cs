using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>The city's CCHC preset decides the windows every page lists; 5 December 2026 is in Kế hoạch 19's gap and in
/// Nghị định 09's year 2026.</summary>
[Collection(BrowserCollection.Name)]
public class CchcPresetPageTests(BrowserFixture browser)
{
    // 10:00 on 5 December 2026 in Vietnam.
    private static SettableClock FifthOfDecember() => new(new DateTimeOffset(2026, 12, 5, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task UnderKeHoach19ThePeriodPickerSaysTodayFallsInNoCchcWindow()
    {
        await using var server = await ParSurveyServer.StartAsync(FifthOfDecember());
        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server, "/reports");
        await using var _ = context;

        await Assertions.Expect(page.Locator("#cchc-today")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#cchc-today")).ToContainTextAsync("Hôm nay (05/12/2026) không thuộc kỳ báo cáo CCHC nào");
        await Assertions.Expect(page.Locator("#cchc-gap")).ToHaveTextAsync("Từ 01/12 đến 14/12 không thuộc kỳ báo cáo CCHC nào.");
        await Assertions.Expect(page.Locator("#kind option[value=cchc-year]")).ToHaveTextAsync("CCHC năm (15/12 – 30/11)");
        await Assertions.Expect(page.Locator("#kind option[value=cchc-q4]")).ToHaveCountAsync(0);
        await ConsoleBrowser.AssertAccessibleAsync(page);

        var admin = await server.AdminAsync();
        var windows = await admin.GetFromJsonAsync<JsonElement>("/api/reports/cchc");
        Assert.Equal("q11-2022", windows.GetProperty("preset").GetString());
        Assert.Equal("2026-12-01", windows.GetProperty("todayInGap").GetProperty("from").GetString());
        var refused = await admin.GetAsync("/api/reports?period=cchc-q4-2026");
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("\"period\"", await refused.Content.ReadAsStringAsync());

        var publicPage = await server.NewClient().GetStringAsync("/cong-khai/ward-a");
        Assert.Contains("Từ 01/12 đến 14/12 không thuộc kỳ báo cáo CCHC nào", publicPage);

        // The report of a window says it too, in its summary (every format lays out the same tables).
        var summary = await admin.GetStringAsync("/api/reports?period=cchc-year-2026&format=csv&section=summary");
        Assert.Contains("Ngoài các kỳ CCHC", summary);
        Assert.Contains("Từ 01/12 đến 14/12 không thuộc kỳ báo cáo CCHC nào", summary);
    }

    [Fact]
    public async Task UnderNghiDinh09FifthOfDecemberIsInTheCchcYear2026AndItsFourthQuarter()
    {
        await using var server = await ParSurveyServer.StartAsync(FifthOfDecember(), extraArgs: ["--ParSurvey:Reports:CchcPreset=nd09-2019"]);
        Assert.True((await server.PostRatingAsync(RatingBody.New("a1", 4))).IsSuccessStatusCode);
        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server, "/reports");
        await using var _ = context;

        await page.GetByLabel("Loại kỳ").SelectOptionAsync("cchc-q4");
        await page.GetByLabel("Năm", new() { Exact = true }).FillAsync("2026");
        await page.GetByLabel("Năm", new() { Exact = true }).DispatchEventAsync("change");
        await Assertions.Expect(page.Locator("#dates")).ToHaveTextAsync("Từ 15/09/2026 đến 14/12/2026");
        await Assertions.Expect(page.Locator("#kind option[value=cchc-year]")).ToHaveTextAsync("CCHC năm (15/12 – 14/12)");
        await Assertions.Expect(page.Locator("#cchc-today")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#cchc-gap")).ToBeEmptyAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);

        var admin = await server.AdminAsync();
        var report = await admin.GetFromJsonAsync<JsonElement>("/api/reports?period=cchc-year-2026&unitId=ward-a");
        Assert.Equal("2026-12-14", report.GetProperty("period").GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("period").GetProperty("gapNote").ValueKind);
        Assert.Equal(1, report.GetProperty("summary").GetProperty("current").GetProperty("total").GetInt32());

        var publicPage = await server.NewClient().GetStringAsync("/cong-khai/ward-a");
        Assert.DoesNotContain("không thuộc kỳ báo cáo CCHC nào", publicPage);
        Assert.Contains("15/12/2025 – 05/12/2026", publicPage);
    }

    [Fact]
    public async Task AnUnknownPresetStopsTheStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ParSurveyServer.StartAsync(extraArgs: ["--ParSurvey:Reports:CchcPreset=nd30-2020"]));
        Assert.Contains("ParSurvey:Reports:CchcPreset", error.ToString());
    }
}
