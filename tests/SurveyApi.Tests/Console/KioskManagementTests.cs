using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Console;

public class KioskManagementTests
{
    private static async Task<JsonElement> DeviceAsync(HttpClient staff, string id) =>
        (await staff.GetFromJsonAsync<JsonElement>("/api/admin/devices")).EnumerateArray().Single(d => d.GetProperty("id").GetString() == id);

    [Fact]
    public async Task AHeartbeatMakesATabletOnlineForTwoMinutesWithItsOutboxAndVersion()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        await using var server = await ParSurveyServer.StartAsync(clock);
        var admin = await server.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/admin/devices", new { counterId = "a1", name = "Máy quầy 1" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("data:image/png;base64,", created.GetProperty("pairingQr").GetString());
        var qr = QrDecoder.Decode(Convert.FromBase64String(created.GetProperty("pairingQr").GetString()!["data:image/png;base64,".Length..]));
        Assert.Equal(created.GetProperty("pairingUrl").GetString(), qr);
        Assert.EndsWith("/kiosk?code=" + created.GetProperty("pairingCode").GetString(), qr);
        Assert.Equal("waiting", (await DeviceAsync(admin, id)).GetProperty("state").GetString());

        var pair = await server.NewClient().PostAsJsonAsync("/api/devices/pair", new { pairingCode = created.GetProperty("pairingCode").GetString() });
        var key = (await pair.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deviceKey").GetString();
        var tablet = server.NewClient();
        tablet.DefaultRequestHeaders.Authorization = new("Device", key);
        Assert.False((await DeviceAsync(admin, id)).GetProperty("online").GetBoolean());

        var bad = await tablet.PostAsJsonAsync("/api/devices/heartbeat", new { pending = -1, version = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("pending", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await tablet.PostAsJsonAsync("/api/devices/heartbeat", new { pending = 3, version = "2026.11.29" })).StatusCode);
        var seen = await DeviceAsync(admin, id);
        Assert.True(seen.GetProperty("online").GetBoolean());
        Assert.Equal(3, seen.GetProperty("pending").GetInt32());
        Assert.Equal("2026.11.29", seen.GetProperty("pageVersion").GetString());
        Assert.Equal(clock.Now, seen.GetProperty("lastSeenAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));

        clock.Now += TimeSpan.FromSeconds(119);
        Assert.True((await DeviceAsync(admin, id)).GetProperty("online").GetBoolean());
        clock.Now += TimeSpan.FromSeconds(2);
        Assert.False((await DeviceAsync(admin, id)).GetProperty("online").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.PostAsJsonAsync("/api/devices/heartbeat", new { pending = 0 })).StatusCode);
    }

    [Fact]
    public async Task AMovedTabletRatesForItsNewCounterAndTheChangeIsAudited()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/admin/devices", new { counterId = "a1", name = "Máy quầy 1" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        var key = (await (await server.NewClient().PostAsJsonAsync("/api/devices/pair", new { pairingCode = created.GetProperty("pairingCode").GetString() }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deviceKey").GetString();
        var tablet = server.NewClient();
        tablet.DefaultRequestHeaders.Authorization = new("Device", key);
        Assert.Equal(HttpStatusCode.Created, (await tablet.PostAsJsonAsync("/api/ratings", RatingBody.New("a1", 4))).StatusCode);

        var unknown = await admin.PatchAsJsonAsync($"/api/admin/devices/{id}", new { counterId = "khong-co" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var moved = await admin.PatchAsJsonAsync($"/api/admin/devices/{id}", new { name = "Máy quầy 2", counterId = "a2" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tablet.PostAsJsonAsync("/api/ratings", RatingBody.New("a1", 4))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await tablet.PostAsJsonAsync("/api/ratings", RatingBody.New("a2", 4, fieldCode: "dat-dai"))).StatusCode);

        var audit = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit")).EnumerateArray()
            .Where(e => e.GetProperty("target").GetString() == $"device:{id}").Select(e => e.GetProperty("action").GetString()).ToArray();
        Assert.Contains("device.move", audit);
        Assert.Contains("device.rename", audit);
    }

    [Fact]
    public async Task ASupervisorSeesAndManagesOnlyTheTabletsOfTheirUnits()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();
        var inB = await (await admin.PostAsJsonAsync("/api/admin/devices", new { counterId = "b1", name = "Máy B" })).Content.ReadFromJsonAsync<JsonElement>();
        var supervisor = await StaffLogin.NewStaffAsync(server, "supervisor", "ward-a");
        Assert.Equal(HttpStatusCode.Created, (await supervisor.PostAsJsonAsync("/api/admin/devices", new { counterId = "ax1", name = "Máy điểm phụ" })).StatusCode);

        var seen = (await supervisor.GetFromJsonAsync<JsonElement>("/api/admin/devices")).EnumerateArray().Select(d => d.GetProperty("counterId").GetString()).ToArray();
        Assert.Equal(["ax1"], seen);
        var otherId = inB.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.DeleteAsync($"/api/admin/devices/{otherId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.PatchAsJsonAsync($"/api/admin/devices/{otherId}", new { name = "Của tôi" })).StatusCode);
        var mine = (await supervisor.GetFromJsonAsync<JsonElement>("/api/admin/devices")).EnumerateArray().Single().GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PatchAsJsonAsync($"/api/admin/devices/{mine}", new { counterId = "b1" })).StatusCode);
        Assert.Equal("waiting", (await DeviceAsync(admin, otherId!)).GetProperty("state").GetString());
    }
}
