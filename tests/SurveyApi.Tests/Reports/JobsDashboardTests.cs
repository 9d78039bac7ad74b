using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Reports;

public class JobsDashboardTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task JobsDashboardIsRefusedToAnonymousCallersAndSupervisorsAndShownToAdmins(string provider)
    {
        await using var server = await ParSurveyServer.StartAsync(provider: provider);

        var anonymous = await server.Client.GetAsync("/admin/jobs");
        Assert.True(anonymous.StatusCode == HttpStatusCode.Redirect && anonymous.Headers.Location!.AbsolutePath.EndsWith("/login"),
            $"anonymous: {(int)anonymous.StatusCode} {anonymous.Headers.Location}");
        var anonymousPage = await server.Client.GetAsync("/admin/jobs/recurring");
        Assert.NotEqual(HttpStatusCode.OK, anonymousPage.StatusCode);

        var supervisor = await StaffLogin.NewStaffAsync(server, "supervisor", "ward-a");
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/admin/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync("/admin/jobs/recurring")).StatusCode);
        var reporter = await StaffLogin.NewStaffAsync(server, "reporter");
        Assert.Equal(HttpStatusCode.Forbidden, (await reporter.GetAsync("/admin/jobs")).StatusCode);

        var admin = await server.AdminAsync();
        var dashboard = await admin.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Hangfire", await dashboard.Content.ReadAsStringAsync());
        // The report schedule is on Hangfire: both recurring jobs are listed.
        var recurring = await admin.GetStringAsync("/admin/jobs/recurring");
        Assert.Contains("monthly-reports", recurring);
        Assert.Contains("cchc-reports", recurring);
    }

    [Fact]
    public async Task JobProgressIsKeptInTheStoreAndAnsweredAfterARestart()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 10, 3, 0, 0, TimeSpan.Zero));
        var data = TempFolder.Create();
        string location;
        await using (var first = await ParSurveyServer.StartAsync(clock, data))
        {
            var reporter = await StaffLogin.NewStaffAsync(first, "reporter");
            var started = await reporter.PostAsJsonAsync("/api/reports/jobs", new { period = "2026-10", formats = new[] { "json" } });
            Assert.True(started.StatusCode == HttpStatusCode.Accepted,
                $"expected 202, got {(int)started.StatusCode}; errors logged: {string.Join("\n", first.Logs.Lines.Where(l => l.Contains("Exception")).Take(3))}");
            location = started.Headers.Location!.OriginalString;
            var state = "";
            Assert.True(await Eventually.TrueAsync(() => (state = reporter.GetFromJsonAsync<JsonElement>(location).Result.GetProperty("state").GetString()!) == "done",
                TimeSpan.FromSeconds(30)), $"job state {state}");
        }

        // Another process (here: the next start on the same store) answers for the same job.
        await using var second = await ParSurveyServer.StartAsync(clock, data);
        var admin = await second.AdminAsync();
        var job = await admin.GetFromJsonAsync<JsonElement>(location);
        Assert.Equal("done", job.GetProperty("state").GetString());
        Assert.Equal("2026-10", job.GetProperty("periodKey").GetString());
        Assert.Equal(6, job.GetProperty("done").GetInt32()); // the city and five units
        Assert.Equal(6, job.GetProperty("total").GetInt32());
    }
}
