using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Ratings;

public class DurabilityTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task EveryAcknowledgedRatingSurvivesAKillNine(string provider)
    {
        var data = TempFolder.Create();
        await using var store = await TestStore.CreateAsync(provider, data);
        var catalog = Path.Combine(data, "catalog.json");
        await File.WriteAllTextAsync(catalog, TestCatalog.Json());
        const string password = "Quan-tri-bền-vững-2026";
        string[] args =
        [
            $"--ParSurvey:DataDirectory={data}", $"--ParSurvey:CatalogPath={catalog}", "--ParSurvey:Admin:Email=admin@test.vn",
            $"--ParSurvey:Admin:Password={password}", "--ParSurvey:Security:DeviceRatingsPerMinute=1000000",
            .. store.Arguments,
        ];

        var acknowledged = new ConcurrentBag<string>();
        await using (var server = await ServerProcess.StartAsync(data, args))
        {
            // An admin creates a device for counter a1 and the tablet pairs, all over HTTP.
            using var admin = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
            Assert.Equal(HttpStatusCode.Redirect, (await StaffLogin.PostLoginFormAsync(admin, "admin@test.vn", password)).StatusCode);
            await StaffLogin.SendAntiforgeryHeaderAsync(admin);
            var device = await (await admin.PostAsJsonAsync("/api/admin/devices", new { counterId = "a1", name = "Máy quầy 1" })).Content.ReadFromJsonAsync<JsonElement>();
            using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(10) };
            var paired = await (await client.PostAsJsonAsync("/api/devices/pair", new { pairingCode = device.GetProperty("pairingCode").GetString() }))
                .Content.ReadFromJsonAsync<JsonElement>();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Device", paired.GetProperty("deviceKey").GetString());
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(async _ =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var body = RatingBody.New("a1", Random.Shared.Next(1, 5));
                    try
                    {
                        var response = await client.PostAsJsonAsync("/api/ratings", body, stop.Token);
                        if (response.StatusCode == HttpStatusCode.Created) acknowledged.Add((string)body["id"]!);
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException) { }
                }
            }).ToArray();

            // Kill while requests are still in flight, right after the 300th acknowledgement.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (acknowledged.Count < 300 && DateTime.UtcNow < deadline) await Task.Delay(5);
            await server.KillHardAsync();
            var seenAtKill = acknowledged.ToArray();
            stop.Cancel();
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(seenAtKill.Length >= 300, $"only {seenAtKill.Length} ratings were acknowledged before the deadline\n{server.Output}");
        }

        await using (var restarted = await ServerProcess.StartAsync(data, args))
        {
            var stored = store.Probe.RatingIds().Select(id => id.ToString("D")).ToHashSet();
            var lost = acknowledged.Where(id => !stored.Contains(id)).ToArray();
            Assert.True(lost.Length == 0, $"{lost.Length} of {acknowledged.Count} acknowledged ratings were lost: {string.Join(", ", lost.Take(5))}");

            using var admin = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = restarted.Address, Timeout = TimeSpan.FromSeconds(60) }; // a password check takes seconds when the machine is loaded
            Assert.Equal(HttpStatusCode.Redirect, (await StaffLogin.PostLoginFormAsync(admin, "admin@test.vn", password)).StatusCode);
            foreach (var id in acknowledged.Take(20))
                Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/ratings/{id}")).StatusCode);
        }
    }
}
