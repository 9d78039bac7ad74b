using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

public class DeviceTests
{
    private static async Task<(string Id, string Code)> CreateDeviceAsync(ParSurveyServer server, string counterId)
    {
        var response = await (await server.AdminAsync()).PostAsJsonAsync("/api/admin/devices", new { counterId, name = "Máy tính bảng" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = body.GetProperty("pairingCode").GetString()!;
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        return (body.GetProperty("id").GetString()!, code);
    }

    private static async Task<HttpResponseMessage> PairAsync(ParSurveyServer server, string code) =>
        await server.NewClient().PostAsJsonAsync("/api/devices/pair", new { pairingCode = code });

    private static HttpClient WithKey(ParSurveyServer server, string key)
    {
        var client = server.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Device", key);
        return client;
    }

    [Fact]
    public async Task PairingCodeIsTradedOnceForAKeyThatRatesItsCounter()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (id, code) = await CreateDeviceAsync(server, "b1");

        var paired = await PairAsync(server, code.ToLowerInvariant().Replace("-", " ")); // typed sloppily on a tablet
        Assert.Equal(HttpStatusCode.OK, paired.StatusCode);
        var body = await paired.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, body.GetProperty("deviceId").GetString());
        Assert.Equal("b1", body.GetProperty("counterId").GetString());
        Assert.Equal("ward-b", body.GetProperty("unitId").GetString());
        var kiosk = WithKey(server, body.GetProperty("deviceKey").GetString()!);
        Assert.Equal(HttpStatusCode.Created, (await kiosk.PostAsJsonAsync("/api/ratings", RatingBody.New("b1", fieldCode: "ho-tich"))).StatusCode);

        var again = await PairAsync(server, code);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task RevokedDeviceKeyStopsWorkingAtOnce()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (id, code) = await CreateDeviceAsync(server, "a1");
        var key = (await (await PairAsync(server, code)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deviceKey").GetString()!;
        var kiosk = WithKey(server, key);
        Assert.Equal(HttpStatusCode.Created, (await kiosk.PostAsJsonAsync("/api/ratings", RatingBody.New("a1"))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await (await server.AdminAsync()).DeleteAsync($"/api/admin/devices/{id}")).StatusCode);

        var refused = await kiosk.PostAsJsonAsync("/api/ratings", RatingBody.New("a1"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("revoked", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(1, server.StoredRatings);
        var devices = await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/admin/devices");
        Assert.Equal("revoked", devices.EnumerateArray().Single(d => d.GetProperty("id").GetString() == id).GetProperty("state").GetString());
    }

    [Fact]
    public async Task MadeUpDeviceKeyIsRefused()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var response = await WithKey(server, "bm90LWEtcmVhbC1rZXktYXQtYWxsLWJ1dC1sb25nLWVub3VnaA").PostAsJsonAsync("/api/ratings", RatingBody.New("a1"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, server.StoredRatings);
    }

    [Fact]
    public async Task PairingCodeExpires()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock);
        var (_, code) = await CreateDeviceAsync(server, "a1");
        clock.Now = clock.Now.AddHours(25);
        Assert.Equal(HttpStatusCode.BadRequest, (await PairAsync(server, code)).StatusCode);
    }

    [Fact]
    public async Task KioskBatchRefusesItemsForOtherCountersOneByOne()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var response = await server.PostBatchAsync("a1", [RatingBody.New("a1"), RatingBody.New("b1", fieldCode: "ho-tich"), RatingBody.New("a1", channel: "qr")]);
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal([201, 403, 400], items.Select(i => i.GetProperty("status").GetInt32()));
        Assert.True(items[2].GetProperty("errors").TryGetProperty("channel", out _));
        Assert.Equal(1, server.StoredRatings);
    }

    [Fact]
    public async Task DeviceKeyPairingIsRateLimitedPerAddress()
    {
        await using var server = await ParSurveyServer.StartAsync(strictLimits: true);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++) statuses.Add((await PairAsync(server, "AAAA-BBBB")).StatusCode);
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}
