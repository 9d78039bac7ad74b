using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Ratings;

public class DurabilityTests
{
    [Fact]
    public async Task EveryAcknowledgedRatingSurvivesAKillNine()
    {
        var data = TempFolder.Create();
        var catalog = Path.Combine(data, "catalog.json");
        await File.WriteAllTextAsync(catalog, TestCatalog.Json());
        string[] args = [$"--ParSurvey:DataDirectory={data}", $"--ParSurvey:CatalogPath={catalog}"];

        var acknowledged = new ConcurrentBag<string>();
        await using (var server = await ServerProcess.StartAsync(data, args))
        {
            using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(10) };
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(async _ =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var body = RatingBody.New(TestCatalog.Counters[Random.Shared.Next(3)] is var c && c == "a2" ? "a1" : c);
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
            var stored = RatingsDb.Ids(Path.Combine(data, "parsurvey.db")).ToHashSet();
            var lost = acknowledged.Where(id => !stored.Contains(id)).ToArray();
            Assert.True(lost.Length == 0, $"{lost.Length} of {acknowledged.Count} acknowledged ratings were lost: {string.Join(", ", lost.Take(5))}");

            using var client = new HttpClient { BaseAddress = restarted.Address, Timeout = TimeSpan.FromSeconds(10) };
            foreach (var id in acknowledged.Take(20))
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/ratings/{id}")).StatusCode);
        }
    }
}
