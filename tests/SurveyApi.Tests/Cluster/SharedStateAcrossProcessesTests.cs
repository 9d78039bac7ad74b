using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ParSurvey.SurveyApi.Tests.Cluster;

/// <summary>
/// What the servers share, checked with separate SurveyApi processes (the cluster fixture: three processes on one
/// PostgreSQL): a sign-in on one is good on the others, and a kiosk revoked through one is refused by another within a
/// second. <see cref="SharedStateTests"/> checks the same and more with servers hosted side by side in the test process.
/// </summary>
[Collection(ClusterCollection.Name)]
public class SharedStateAcrossProcessesTests(ServerCluster cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ASignInOnOneNodeProcessIsAcceptedByTheOtherNodeProcesses()
    {
        // Its own client address, so the sign-in limit other tests count on 127.0.0.1 is not touched.
        var cookies = new CookieContainer();
        var onA = cluster.NewClient(cluster.NodeAddress(0), IPAddress.Parse("127.0.0.4"), cookies);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffLogin.PostLoginFormAsync(onA, ServerCluster.AdminEmail, cluster.AdminPassword)).StatusCode);
        for (var node = 0; node < ServerCluster.NodeCount; node++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await cluster.NewClient(cluster.NodeAddress(node)).GetAsync("/api/admin/devices")).StatusCode);
            var withCookie = cluster.NewClient(cluster.NodeAddress(node), cookies: cookies);
            Assert.Equal(HttpStatusCode.OK, (await withCookie.GetAsync("/api/admin/devices")).StatusCode);
        }
    }

    [Fact]
    public async Task AKioskRevokedThroughOneNodeProcessIsRefusedByAnotherWithinOneSecond()
    {
        var adminOnA = await cluster.AdminAsync(cluster.NodeAddress(0));
        var device = await (await adminOnA.PostAsJsonAsync("/api/admin/devices", new { counterId = "ax1", name = "Máy quầy phụ" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var paired = await (await cluster.NewClient(cluster.NodeAddress(1)).PostAsJsonAsync("/api/devices/pair",
            new { pairingCode = device.GetProperty("pairingCode").GetString() })).Content.ReadFromJsonAsync<JsonElement>();
        var kioskOnB = cluster.NewClient(cluster.NodeAddress(1));
        kioskOnB.DefaultRequestHeaders.Authorization = new("Device", paired.GetProperty("deviceKey").GetString());
        // B has checked the key and keeps it in its cache.
        Assert.Equal(HttpStatusCode.Created, (await kioskOnB.PostAsJsonAsync("/api/ratings", RatingBody.New("ax1", 4))).StatusCode);

        var revoked = await adminOnA.DeleteAsync($"/api/admin/devices/{device.GetProperty("id").GetString()}");
        Assert.True(revoked.IsSuccessStatusCode, $"revoking answered {(int)revoked.StatusCode}");
        var since = Stopwatch.StartNew();
        Assert.True(await Eventually.TrueAsync(async () => (await kioskOnB.GetAsync("/api/kiosk/device")).StatusCode == HttpStatusCode.Unauthorized, OneSecond),
            "node B still accepted the revoked key a second after node A revoked it");
        output.WriteLine($"revoked through node A, refused by node B after {since.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.Unauthorized, (await kioskOnB.PostAsJsonAsync("/api/ratings", RatingBody.New("ax1", 4))).StatusCode);
    }
}
