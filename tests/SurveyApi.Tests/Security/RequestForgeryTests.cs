using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

/// <summary>Issue 13, finding 11: a state change made with the sign-in cookie needs a token or a same-origin Origin.</summary>
public class RequestForgeryTests
{
    /// <summary>The admin's cookie alone, as a forged cross-site request would carry it: no token header.</summary>
    private static async Task<HttpClient> CookieOnlyAdminAsync(ParSurveyServer server)
    {
        var client = server.NewClient();
        var signIn = await StaffLogin.PostLoginFormAsync(client, ParSurveyServer.AdminEmail, server.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    private static async Task<string> ReporterIdAsync(ParSurveyServer server)
    {
        await StaffLogin.NewStaffAsync(server, "reporter");
        return (await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/admin/staff")).EnumerateArray()
            .Single(a => a.GetProperty("role").GetString() == "reporter").GetProperty("id").GetString()!;
    }

    private static async Task<bool> IsDisabledAsync(ParSurveyServer server, string id) =>
        (await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/admin/staff")).EnumerateArray()
            .Single(a => a.GetProperty("id").GetString() == id).GetProperty("disabled").GetBoolean();

    [Fact]
    public async Task BodylessDisableWithOnlyTheCookieIsRefusedAndChangesNothing()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var id = await ReporterIdAsync(server);
        var admin = await CookieOnlyAdminAsync(server);

        var refused = await admin.PostAsync($"/api/admin/staff/{id}/disable", null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("antiforgery", problem.GetProperty("code").GetString());
        Assert.Contains("X-CSRF-TOKEN", problem.GetProperty("detail").GetString());
        Assert.False(await IsDisabledAsync(server, id));
    }

    [Fact]
    public async Task ForeignOriginIsRefusedEvenWithAValidToken()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var id = await ReporterIdAsync(server);
        var admin = await server.AdminAsync(); // sends the token header
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/staff/{id}/disable");
        request.Headers.Add("Origin", "https://evil.example");

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.SendAsync(request)).StatusCode);
        Assert.False(await IsDisabledAsync(server, id));
    }

    [Fact]
    public async Task SameOriginOrTokenHeaderLetsTheChangeThrough()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var id = await ReporterIdAsync(server);
        var admin = await CookieOnlyAdminAsync(server);
        var sameOrigin = new HttpRequestMessage(HttpMethod.Post, $"/api/admin/staff/{id}/disable");
        sameOrigin.Headers.Add("Origin", server.Address.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(sameOrigin)).StatusCode);
        Assert.True(await IsDisabledAsync(server, id));

        await StaffLogin.SendAntiforgeryHeaderAsync(admin);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/staff/{id}/enable", null)).StatusCode);
        Assert.False(await IsDisabledAsync(server, id));
    }

    [Fact]
    public async Task LogoutWithoutTokenOrOriginDoesNotSignOut()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await CookieOnlyAdminAsync(server);

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync("/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task TokenFromAnotherSignedInAccountIsRefused()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var reporter = await StaffLogin.NewStaffAsync(server, "reporter");
        var reporterToken = reporter.DefaultRequestHeaders.GetValues("X-CSRF-TOKEN").Single();
        var admin = await CookieOnlyAdminAsync(server);
        admin.DefaultRequestHeaders.Add("X-CSRF-TOKEN", reporterToken);

        var response = await admin.PostAsJsonAsync("/api/admin/devices", new { counterId = "a1", name = "Máy giả mạo" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
