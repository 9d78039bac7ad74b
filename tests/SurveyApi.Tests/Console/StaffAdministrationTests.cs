using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Console;

public partial class StaffAdministrationTests
{
    private static async Task<JsonElement> CreateAsync(HttpClient admin, object body)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/staff", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"expected 201, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<string[]> AuditActionsAsync(HttpClient admin) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit")).EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToArray();

    [Fact]
    public async Task AGeneratedFirstPasswordIsShownOnceAndMustBeReplaced()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();
        var created = await CreateAsync(admin, new { email = "giamsat@test.vn", displayName = "Trưởng bộ phận A", role = "supervisor", unitId = "ward-a" });
        var first = created.GetProperty("firstPassword").GetString()!;
        Assert.True(first.Length >= 10, first);

        var client = await StaffLogin.SignInAsync(server, "giamsat@test.vn", first);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/satisfaction")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffLogin.ChangePasswordAsync(client, first, "Mat-khau-rieng-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/satisfaction")).StatusCode);
        // The list never carries a password again.
        Assert.DoesNotContain(first, await admin.GetStringAsync("/api/admin/staff"));
    }

    [Fact]
    public async Task AnInvitationLinkLetsTheColleagueChooseAPasswordOnceWithin72Hours()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        await using var server = await ParSurveyServer.StartAsync(clock);
        var admin = await server.AdminAsync();
        var first = await CreateAsync(admin, new { email = "baocao@test.vn", displayName = "Văn phòng", role = "reporter", invite = true });
        var url = new Uri(first.GetProperty("invitationUrl").GetString()!);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("firstPassword").ValueKind);

        var person = server.NewClient();
        var page = await person.GetAsync(url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var accepted = await PostInvitationAsync(person, url.AbsolutePath, await page.Content.ReadAsStringAsync(), "Mat-khau-cua-toi");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/api/satisfaction")).StatusCode);
        await StaffLogin.SignInAsync(server, "baocao@test.vn", "Mat-khau-cua-toi");
        Assert.Equal(HttpStatusCode.NotFound, (await server.NewClient().GetAsync(url.AbsolutePath)).StatusCode); // used

        var late = await CreateAsync(admin, new { email = "muon@test.vn", displayName = "Người đến muộn", role = "reporter", invite = true });
        var lateUrl = new Uri(late.GetProperty("invitationUrl").GetString()!).AbsolutePath;
        var actions = await AuditActionsAsync(admin);
        Assert.Contains("staff.invite", actions);
        Assert.Contains("staff.invitation-accepted", actions);
        clock.Now += TimeSpan.FromHours(71);
        Assert.Equal(HttpStatusCode.OK, (await server.NewClient().GetAsync(lateUrl)).StatusCode);
        clock.Now += TimeSpan.FromHours(2);
        Assert.Equal(HttpStatusCode.NotFound, (await server.NewClient().GetAsync(lateUrl)).StatusCode);
    }

    [Fact]
    public async Task ResetPasswordAndScopeChangeAreAuditedAndEndTheOldSession()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();
        var (client, email, _) = await StaffLogin.NewStaffAccountAsync(server, "supervisor", "ward-a");
        var id = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/staff")).EnumerateArray()
            .Single(a => a.GetProperty("email").GetString() == email).GetProperty("id").GetString();

        var bad = await admin.PutAsJsonAsync($"/api/admin/staff/{id}/scope", new { role = "supervisor", unitId = "khong-co" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("unitId", await bad.Content.ReadAsStringAsync());
        var moved = await admin.PutAsJsonAsync($"/api/admin/staff/{id}/scope", new { role = "supervisor", unitId = "ward-b" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);

        var reset = await admin.PostAsync($"/api/admin/staff/{id}/password", null);
        var password = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("firstPassword").GetString()!;
        var again = await StaffLogin.SignInAsync(server, email, password);
        var me = await again.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("ward-b", me.GetProperty("unitId").GetString());
        Assert.True(me.GetProperty("mustChangePassword").GetBoolean());
        var actions = await AuditActionsAsync(admin);
        Assert.Contains("staff.scope", actions);
        Assert.Contains("staff.reset-password", actions);
    }

    [Fact]
    public async Task AnApiTokenActsAsItsAccountUntilRevoked()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();
        var (_, email, _) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        var staffId = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/staff")).EnumerateArray()
            .Single(a => a.GetProperty("email").GetString() == email).GetProperty("id").GetString();
        var issued = await admin.PostAsJsonAsync("/api/admin/tokens", new { staffId, name = "Xuất báo cáo hằng tháng" });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;

        var script = server.NewClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/reports?period=2026-10&format=json")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await script.GetAsync("/api/admin/staff")).StatusCode); // a reporter's rights, no more
        Assert.DoesNotContain(token, await admin.GetStringAsync("/api/admin/tokens"));

        var wrong = server.NewClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^2] + "xx");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/satisfaction")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/tokens/{body.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/satisfaction")).StatusCode);
        var actions = await AuditActionsAsync(admin);
        Assert.Contains("token.issue", actions);
        Assert.Contains("token.revoke", actions);
        Assert.Contains(await admin.GetFromJsonAsync<JsonElement>("/api/admin/tokens") is var list ? list.EnumerateArray().ToArray() : [],
            t => t.GetProperty("lastUsedAt").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task AnApiTokenFollowsItsAccountRefusedWhileItMustChangeItsPasswordAndRevokedByAReset()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();
        var created = await CreateAsync(admin, new { email = "quantri2@test.vn", displayName = "Quản trị viên thứ hai", role = "admin" });
        var staffId = created.GetProperty("id").GetString();
        var first = created.GetProperty("firstPassword").GetString()!;
        var token = await IssueTokenAsync(admin, staffId!, "Sao lưu danh sách");
        // A healthy account's token beside it, to show the refusals are about the account and not about tokens.
        var (_, healthyEmail, _) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        var healthyId = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/staff")).EnumerateArray()
            .Single(a => a.GetProperty("email").GetString() == healthyEmail).GetProperty("id").GetString()!;
        var healthy = Bearer(server, await IssueTokenAsync(admin, healthyId, "Báo cáo"));

        var script = Bearer(server, token);
        foreach (var path in new[] { "/api/admin/staff", "/api/me" })
        {
            var refused = await script.GetAsync(path);
            var problem = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{path}: expected 403 while the account must change its password, got {(int)refused.StatusCode} {problem}");
            Assert.Equal("token-account-must-change-password", JsonDocument.Parse(problem).RootElement.GetProperty("code").GetString());
        }
        Assert.Equal(HttpStatusCode.OK, (await healthy.GetAsync("/api/reports?period=2026-10&format=json")).StatusCode);

        // The person chooses their own password: the token works, and says so.
        var person = await StaffLogin.SignInAsync(server, "quantri2@test.vn", first);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffLogin.ChangePasswordAsync(person, first, "Mat-khau-rieng-2")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/admin/staff")).StatusCode);
        Assert.False((await script.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("mustChangePassword").GetBoolean());

        // An admin resets the password: the account's sessions end and its tokens are revoked, the other account's are not.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/staff/{staffId}/password", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/admin/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await healthy.GetAsync("/api/reports?period=2026-10&format=json")).StatusCode);
        var tokens = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/tokens")).EnumerateArray().ToArray();
        static bool Revoked(JsonElement t) => t.TryGetProperty("revokedAt", out var at) && at.ValueKind == JsonValueKind.String;
        Assert.All(tokens.Where(t => t.GetProperty("staffId").GetString() == staffId), t => Assert.True(Revoked(t), $"not revoked: {t}"));
        Assert.Contains(tokens, t => t.GetProperty("staffId").GetString() == healthyId && !Revoked(t));
        Assert.Contains("token.revoke", await AuditActionsAsync(admin));
    }

    private static async Task<string> IssueTokenAsync(HttpClient admin, string staffId, string name)
    {
        var issued = await admin.PostAsJsonAsync("/api/admin/tokens", new { staffId, name });
        Assert.True(issued.StatusCode == HttpStatusCode.Created, $"issuing a token: {(int)issued.StatusCode} {await issued.Content.ReadAsStringAsync()}");
        return (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static HttpClient Bearer(ParSurveyServer server, string token)
    {
        var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<HttpResponseMessage> PostInvitationAsync(HttpClient client, string path, string page, string password)
    {
        var token = StaffLogin.TokenField().Match(page);
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [token.Groups[1].Value] = WebUtility.HtmlDecode(token.Groups[2].Value),
            ["password"] = password,
            ["confirm"] = password,
        }));
    }

}
