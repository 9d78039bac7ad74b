using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

/// <summary>Issue 13, findings 1 and 2, and the admin's sessions API: a session ends for real, on the server.</summary>
public class SessionTests
{
    private static async Task<(HttpClient Client, CookieContainer Jar)> SignInWithJarAsync(ParSurveyServer server, string email, string password)
    {
        var jar = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = jar, UseCookies = true })
        {
            BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30),
        };
        var signIn = await StaffLogin.PostLoginFormAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        await StaffLogin.SendAntiforgeryHeaderAsync(client);
        return (client, jar);
    }

    /// <summary>Someone else's client sending exactly the cookies of <paramref name="jar"/>.</summary>
    private static HttpClient Stolen(ParSurveyServer server, CookieContainer jar)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Add("Cookie", jar.GetCookieHeader(server.Address));
        return client;
    }

    [Fact]
    public async Task CopiedCookieStopsWorkingAfterSignOut()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        var (browser, jar) = await SignInWithJarAsync(server, email, password);
        using var thief = Stolen(server, jar);
        Assert.Equal(HttpStatusCode.OK, (await thief.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await thief.GetAsync("/api/satisfaction")).StatusCode);
    }

    [Fact]
    public async Task PasswordChangeEndsTheAccountsOtherSessionsButNotItsOwn()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "supervisor", "ward-a");
        var (office, _) = await SignInWithJarAsync(server, email, password);
        var (home, _) = await SignInWithJarAsync(server, email, password);
        Assert.Equal(HttpStatusCode.OK, (await home.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await StaffLogin.ChangePasswordAsync(office, password, password + "-doi-lan-2")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await home.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task NewRoleEndsEverySessionOfTheAccount()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (client, email, password) = await StaffLogin.NewStaffAccountAsync(server, "supervisor", "ward-a");
        var admin = await server.AdminAsync();
        var id = await IdOfAsync(admin, email);

        var changed = await admin.PutAsJsonAsync($"/api/admin/staff/{id}/scope", new { role = "reporter" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        var (again, _) = await SignInWithJarAsync(server, email, password);
        Assert.Equal("reporter", (await again.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("role").GetString());
        var wrong = await admin.PutAsJsonAsync($"/api/admin/staff/{id}/scope", new { role = "supervisor", unitId = "no-such-unit" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("unitId", out _));
    }

    [Fact]
    public async Task AdminListsAStaffMembersSessionsAndEndsOne()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        var admin = await server.AdminAsync();
        var id = await IdOfAsync(admin, email);
        var (first, _) = await SignInWithJarAsync(server, email, password);
        var (second, _) = await SignInWithJarAsync(server, email, password);

        // The account's own first session (from NewStaffAccountAsync) plus these two.
        var sessions = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/staff/{id}/sessions")).EnumerateArray().ToArray();
        Assert.Equal(3, sessions.Length);
        Assert.All(sessions, s => Assert.Equal(TimeSpan.FromHours(7), s.GetProperty("createdAtLocal").GetDateTimeOffset().Offset));
        var newest = sessions[0].GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/staff/{id}/sessions/{newest}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/admin/staff/{id}/sessions/{newest}")).StatusCode);

        // A session id under another account's address is not found, and not ended.
        var adminId = await IdOfAsync(admin, ParSurveyServer.AdminEmail);
        var firstId = sessions[1].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/admin/staff/{adminId}/sessions/{firstId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/me")).StatusCode);

        var all = await admin.DeleteAsync($"/api/admin/staff/{id}/sessions");
        Assert.Equal(2, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ended").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task SignInSignOutAndEndedSessionsAreInTheAuditLog()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (client, email, _) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/logout", null)).StatusCode);
        var admin = await server.AdminAsync();
        var entries = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit")).EnumerateArray()
            .Where(e => e.GetProperty("target").GetString() == $"staff:{email}").Select(e => e.GetProperty("action").GetString()).ToArray();
        Assert.Equal(["staff.signout", "staff.password", "staff.signin", "staff.create"], entries);
    }

    private static async Task<string> IdOfAsync(HttpClient admin, string email) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/admin/staff")).EnumerateArray()
            .Single(a => a.GetProperty("email").GetString() == email).GetProperty("id").GetString()!;
}
