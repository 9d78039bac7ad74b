using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

public class SignInTests
{
    private static async Task<(string Email, string Password)> NewSupervisorAccountAsync(ParSurveyServer server)
    {
        var email = $"truongbophan-{Guid.NewGuid():N}@test.vn";
        const string password = "Mat-khau-ban-dau-1";
        var created = await (await server.AdminAsync()).PostAsJsonAsync("/api/admin/staff",
            new { email, displayName = "Nguyễn Thị Hoa", role = "supervisor", unitId = "ward-a", password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (email, password);
    }

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountEvenAgainstTheRightOne()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (email, password) = await NewSupervisorAccountAsync(server);
        var client = server.NewClient();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await StaffLogin.PostLoginFormAsync(client, email, "doan-mo-" + i)).StatusCode);

        var locked = await StaffLogin.PostLoginFormAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("tạm khóa", await locked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ManySignInAttemptsFromOneAddressAreRateLimited()
    {
        await using var server = await ParSurveyServer.StartAsync(strictLimits: true);
        var client = server.NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++) statuses.Add((await StaffLogin.PostLoginFormAsync(client, $"ai-do-{i}@test.vn", "sai-mat-khau")).StatusCode);
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
    }

    [Fact]
    public async Task SignInFormWithoutItsAntiforgeryTokenIsRefused()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var response = await server.NewClient().PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = ParSurveyServer.AdminEmail, ["password"] = server.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task NewAccountMustReplaceItsFirstPasswordBeforeSeeingData()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (email, password) = await NewSupervisorAccountAsync(server);
        var client = server.NewClient();
        var signIn = await StaffLogin.PostLoginFormAsync(client, email, password);
        Assert.Equal("/account/password", signIn.Headers.Location!.OriginalString);
        var refused = await client.GetAsync("/api/satisfaction");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("/account/password", await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, (await StaffLogin.ChangePasswordAsync(client, password, "ngan")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffLogin.ChangePasswordAsync(client, password, "Mat-khau-rieng-cua-toi")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/satisfaction")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffLogin.PostLoginFormAsync(server.NewClient(), email, "Mat-khau-rieng-cua-toi")).StatusCode);
    }

    [Fact]
    public async Task DisabledAccountLosesItsSessionAtTheNextRequest()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var reporter = await StaffLogin.NewStaffAsync(server, "reporter");
        Assert.Equal(HttpStatusCode.OK, (await reporter.GetAsync("/api/satisfaction")).StatusCode);
        var admin = await server.AdminAsync();
        var id = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/staff")).EnumerateArray()
            .Single(a => a.GetProperty("role").GetString() == "reporter").GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/staff/{id}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reporter.GetAsync("/api/satisfaction")).StatusCode);
    }

    [Fact]
    public async Task SignOutEndsTheSession()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var reporter = await StaffLogin.NewStaffAsync(server, "reporter");
        var page = await (await reporter.GetAsync("/account/password")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"([^\"]+)\" value=\"([^\"]+)\"");
        var signOut = await reporter.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reporter.GetAsync("/api/satisfaction")).StatusCode);
    }

    [Fact]
    public async Task NoPasswordKeyOrPairingCodeReachesTheLogs()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: ["--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace"]);
        var (email, password) = await NewSupervisorAccountAsync(server);
        await StaffLogin.PostLoginFormAsync(server.NewClient(), email, "mat-khau-sai-123");
        await StaffLogin.PostLoginFormAsync(server.NewClient(), email, password);
        var device = await (await (await server.AdminAsync()).PostAsJsonAsync("/api/admin/devices", new { counterId = "a1", name = "Máy 1" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var code = device.GetProperty("pairingCode").GetString()!;
        var key = (await (await server.NewClient().PostAsJsonAsync("/api/devices/pair", new { pairingCode = code }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deviceKey").GetString()!;
        var kiosk = server.NewClient();
        kiosk.DefaultRequestHeaders.Authorization = new("Device", key);
        Assert.Equal(HttpStatusCode.Created, (await kiosk.PostAsJsonAsync("/api/ratings", RatingBody.New("a1"))).StatusCode);
        kiosk.DefaultRequestHeaders.Authorization = new("Device", key + "x");
        await kiosk.PostAsJsonAsync("/api/ratings", RatingBody.New("a1"));

        var logs = string.Join("\n", server.Logs.Lines);
        Assert.True(server.Logs.Lines.Count > 20, "the logs were not captured");
        foreach (var secret in new[] { password, "mat-khau-sai-123", server.AdminPassword, key, code, code.Replace("-", "") })
            Assert.DoesNotContain(secret, logs);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/api/catalog")]
    [InlineData("/health")]
    [InlineData("/api/satisfaction")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string path)
    {
        await using var server = await ParSurveyServer.StartAsync();
        var response = await server.Client.GetAsync(path);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task SignInCookieIsHttpOnlyAndStrict()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var response = await StaffLogin.PostLoginFormAsync(server.NewClient(), ParSurveyServer.AdminEmail, server.AdminPassword);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ParSurvey.Auth="));
        Assert.Contains("httponly", cookie.ToLowerInvariant());
        Assert.Contains("samesite=strict", cookie.ToLowerInvariant());
    }
}
