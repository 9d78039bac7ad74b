using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

/// <summary>Issue 13: poster links revocable one by one; QR signing keys rotated without reprinting every poster at once.</summary>
public class PosterAndKeyRingTests
{
    private static async Task<JsonElement> PosterAsync(HttpClient creator, string counterId = "a2")
    {
        var response = await creator.PostAsJsonAsync("/api/qr-links", new { counterId });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<HttpResponseMessage> RateAsync(ParSurveyServer server, string token) =>
        await Phones.RateAsync(await Phones.OpenAsync(server, token), token, RatingBody.New("a2", 4, "qr", "chung-thuc"));

    private static async Task<string> StatusAsync(ParSurveyServer server, string token) =>
        (await server.Client.GetFromJsonAsync<JsonElement>("/api/survey/" + Uri.EscapeDataString(token))).GetProperty("status").GetString()!;

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    [Fact]
    public async Task RevokedPosterIsRefusedWithItsOwnAnswerWhileTheNewPosterWorks()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var supervisor = await StaffLogin.NewStaffAsync(server, "supervisor", "ward-a");
        var old = await PosterAsync(supervisor);
        Assert.Equal(old.GetProperty("token").GetString(), (await PosterAsync(supervisor)).GetProperty("token").GetString()); // reprint: same link
        Assert.Equal(HttpStatusCode.Created, (await RateAsync(server, old.GetProperty("token").GetString()!)).StatusCode);

        var revoke = await supervisor.DeleteAsync($"/api/qr-links/posters/{old.GetProperty("posterId").GetString()}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        var refused = await RateAsync(server, old.GetProperty("token").GetString()!);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("revoked", await CodeAsync(refused));
        Assert.Equal("revoked", await StatusAsync(server, old.GetProperty("token").GetString()!));
        var fresh = await PosterAsync(supervisor);
        Assert.NotEqual(old.GetProperty("posterId").GetString(), fresh.GetProperty("posterId").GetString());
        Assert.Equal(HttpStatusCode.Created, (await RateAsync(server, fresh.GetProperty("token").GetString()!)).StatusCode);
        var list = (await supervisor.GetFromJsonAsync<JsonElement>("/api/qr-links/posters?counterId=a2")).EnumerateArray().ToArray();
        Assert.Equal([true, false], list.Select(p => p.GetProperty("current").GetBoolean()));
        Assert.NotNull(list[1].GetProperty("revokedAt").GetString());
    }

    [Fact]
    public async Task SupervisorCannotRevokeAnotherUnitsPoster()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var poster = await PosterAsync(await server.AdminAsync(), "b1");
        var supervisorA = await StaffLogin.NewStaffAsync(server, "supervisor", "ward-a");

        var response = await supervisorA.DeleteAsync($"/api/qr-links/posters/{poster.GetProperty("posterId").GetString()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ok", await StatusAsync(server, poster.GetProperty("token").GetString()!));
    }

    [Fact]
    public async Task PosterSignedWithThePreviousKeyWorksAfterRotationAndIsRefusedAfterRetirement()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();
        var oldToken = (await PosterAsync(admin)).GetProperty("token").GetString()!;
        var oldKey = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/qr-keys")).EnumerateArray().Single();

        var added = await admin.PostAsync("/api/admin/qr-keys", null);

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var newKey = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(newKey.TryGetProperty("secret", out _));
        var newToken = (await PosterAsync(admin)).GetProperty("token").GetString()!;
        Assert.NotEqual(oldToken, newToken); // same poster, signed with the new key
        Assert.Equal(HttpStatusCode.Created, (await RateAsync(server, oldToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RateAsync(server, newToken)).StatusCode);
        // The key signing new links cannot be retired.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/admin/qr-keys/{newKey.GetProperty("id").GetString()}/retire", null)).StatusCode);

        var retire = await admin.PostAsync($"/api/admin/qr-keys/{oldKey.GetProperty("id").GetString()}/retire", null);

        Assert.Equal(HttpStatusCode.NoContent, retire.StatusCode);
        var refused = await RateAsync(server, oldToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("revoked", await CodeAsync(refused));
        Assert.Equal("revoked", await StatusAsync(server, oldToken));
        Assert.Equal(HttpStatusCode.Created, (await RateAsync(server, newToken)).StatusCode);
        var keys = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/qr-keys")).EnumerateArray().ToArray();
        Assert.Equal(2, keys.Length);
        Assert.Single(keys, k => k.GetProperty("active").GetBoolean());
        Assert.DoesNotContain("secret", string.Join("", keys.Select(k => k.GetRawText())));
    }

    [Fact]
    public async Task ARingKeptInTheStoreSignsTheSameAfterARestart()
    {
        var data = TempFolder.Create();
        string token;
        await using (var server = await ParSurveyServer.StartAsync(dataDirectory: data))
            token = (await PosterAsync(await server.AdminAsync())).GetProperty("token").GetString()!;
        await using var restarted = await ParSurveyServer.StartAsync(dataDirectory: data);
        Assert.Equal("ok", await StatusAsync(restarted, token));
    }
}
