using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

/// <summary>Issue 13, finding 9: periods outside 2000–2100 are a 400 naming the field, never a 500 or an accepted job.</summary>
public class PeriodRangeTests
{
    private static async Task AssertProblemNamingAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("2000", problem.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Theory]
    [InlineData("0001")]
    [InlineData("0001-01")]
    [InlineData("0001-Q1")]
    [InlineData("cchc-q3-0001")]
    [InlineData("cchc-q1-0001")]
    [InlineData("0001-01-01..0001-01-31")]
    [InlineData("1999-12")]
    [InlineData("2101")]
    [InlineData("9999-12-01..9999-12-31")]
    public async Task ReportForAYearOutsideTheRangeIsAProblemInEveryPlace(string period)
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();

        await AssertProblemNamingAsync(await admin.GetAsync($"/api/reports?period={Uri.EscapeDataString(period)}"), "period");
        await AssertProblemNamingAsync(await admin.PostAsJsonAsync("/api/reports/jobs", new { period }), "period");
        await AssertProblemNamingAsync(await admin.GetAsync($"/reports/print?period={Uri.EscapeDataString(period)}"), "period");
    }

    [Fact]
    public async Task FirstAndLastSupportedYearsAreReported()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();
        foreach (var period in new[] { "2000-01", "cchc-q1-2000", "2100", "2100-12-01..2100-12-31" })
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/reports?period={period}")).StatusCode);
    }

    [Theory]
    [InlineData("0001-01-01", "2026-01-01", "from")]
    [InlineData("2026-01-01", "2101-01-01", "to")]
    public async Task SatisfactionDatesOutsideTheRangeAreAProblem(string from, string to, string field)
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();
        await AssertProblemNamingAsync(await admin.GetAsync($"/api/satisfaction?from={from}&to={to}"), field);
    }
}
