using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Cluster;

/// <summary>A node killed, the database restarted, while kiosks post through the balancer: nothing acknowledged is lost.</summary>
[Collection(ClusterCollection.Name)]
public class FailureTests(ServerCluster cluster)
{
    [Fact]
    public async Task KillingANodeWhileEightClientsPostLosesNoAcknowledgedRatingAndTheRestartedNodeCatchesUp()
    {
        const string counter = "a2";
        const int victim = 1;
        var kiosks = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cluster.KioskAsync(counter)));
        // Boards on the two nodes that survive, watching the counter's ward.
        await using var boards = await ClusterBoards.OnNodesAsync(cluster, "ward-a", [0, 2]);
        var writers = new RatingWriters(kiosks, counter, [4, 3, 1, 4, 2]);
        writers.Start();
        try
        {
            Assert.True(await Eventually.TrueAsync(() => writers.Acknowledged >= 80, TimeSpan.FromSeconds(60)), "no ratings acknowledged before the kill");
            await cluster.KillNodeAsync(victim);
            var atKill = writers.Acknowledged;
            // The other two nodes take every rating meanwhile (nginx passes a rating whose node died on to the next).
            Assert.True(await Eventually.TrueAsync(() => writers.Acknowledged >= atKill + 160, TimeSpan.FromSeconds(60)),
                $"ratings stopped being acknowledged after the kill: {writers.Acknowledged - atKill} since; answers {RatingWriters.Describe(writers.Answers)}");
            Assert.True(AnsweredBySurvivorsAfter(victim), "the surviving nodes should answer while the killed one is down");
        }
        finally
        {
            await writers.StopAsync();
        }
        // A kiosk may see a 502 when its request was on the killed node and nginx's retry also failed; it sends again.
        Assert.True(writers.Unexpected.All(u => u.StartsWith("502")), "unexpected answers: " + string.Join("\n", writers.Unexpected.Take(5)));

        // Every acknowledged rating is stored, and nothing else of this counter is.
        var stored = cluster.Store.Ratings().Where(r => r.CounterId == counter).ToDictionary(r => r.Id, r => r.Score);
        var missing = writers.AcknowledgedScores.Keys.Where(id => !stored.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {writers.Acknowledged} acknowledged ratings are not stored");
        Assert.Equal(writers.Acknowledged, stored.Count);

        // The surviving nodes' boards went on counting every rating, those written by the other survivor included.
        await boards.AssertEachShowsAsync(counter, writers.Acknowledged);

        // The killed node comes back and answers with every rating, the ones written while it was dead included.
        await cluster.StartNodeAsync(victim);
        await using (var rebuilt = await ClusterBoards.OnNodesAsync(cluster, "ward-a", [victim]))
            await rebuilt.AssertEachShowsAsync(counter, writers.Acknowledged);
        var restarted = await cluster.AdminAsync(cluster.NodeAddress(victim));
        var row = await CounterRowAsync(restarted, "ward-a", counter);
        Assert.Equal(writers.Acknowledged, row.GetProperty("total").GetInt64());
        Assert.Equal(writers.AcknowledgedScores.Values.Count(s => s >= 3), row.GetProperty("satisfied").GetInt64());
        var kiosk = await cluster.KioskAsync(counter, cluster.NodeAddress(victim));
        Assert.Equal(HttpStatusCode.Created, (await kiosk.PostAsJsonAsync("/api/ratings", RatingBody.New(counter, 4, fieldCode: TestCatalog.FieldsOf[counter][0]))).StatusCode);
    }

    [Fact]
    public async Task RestartingPostgresMidStreamAnswersOnlyRetryable503sMeanwhileAndLosesNothingAcknowledged()
    {
        const string counter = "b1";
        var kiosks = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => cluster.KioskAsync(counter)));
        var writers = new RatingWriters(kiosks, counter, [4, 4, 3, 2, 1]);
        writers.Start();
        TimeSpan recovery;
        try
        {
            Assert.True(await Eventually.TrueAsync(() => writers.Acknowledged >= 40, TimeSpan.FromSeconds(60)), "no ratings acknowledged before the restart");
            await cluster.StopPostgresAsync();
            // While the database is down the nodes answer 503 problems with Retry-After (checked by the writers).
            Assert.True(await Eventually.TrueAsync(() => writers.Count("503") >= 8, TimeSpan.FromSeconds(30)),
                $"no 503 while PostgreSQL is down; answers {RatingWriters.Describe(writers.Answers)}");
            var whileDown = writers.Acknowledged;
            await cluster.StartPostgresAsync();
            var started = Stopwatch.StartNew();
            Assert.True(await Eventually.TrueAsync(() => writers.Acknowledged > whileDown + 8, TimeSpan.FromSeconds(30)),
                $"ratings were not acknowledged again within 30 s of PostgreSQL's start; answers {RatingWriters.Describe(writers.Answers)}");
            recovery = started.Elapsed;
            var afterRecovery = writers.Acknowledged;
            Assert.True(await Eventually.TrueAsync(() => writers.Acknowledged >= afterRecovery + 40, TimeSpan.FromSeconds(60)), "ingest did not go on after recovery");
        }
        finally
        {
            await writers.StopAsync();
        }
        Assert.True(writers.Unexpected.Count == 0, "unexpected answers: " + string.Join("\n", writers.Unexpected.Take(5)));
        Assert.True(recovery < TimeSpan.FromSeconds(10), $"recovery took {recovery.TotalSeconds:0.0} s");

        var stored = cluster.Store.Ratings().Where(r => r.CounterId == counter).Select(r => r.Id).ToHashSet();
        var missing = writers.AcknowledgedScores.Keys.Count(id => !stored.Contains(id));
        Assert.True(missing == 0, $"{missing} of {writers.Acknowledged} acknowledged ratings are not stored");
        Assert.Equal(writers.Acknowledged, stored.Count);
        var row = await CounterRowAsync(await cluster.AdminAsync(), "ward-b", counter);
        Assert.Equal(writers.Acknowledged, row.GetProperty("total").GetInt64());
    }

    private bool AnsweredBySurvivorsAfter(int victim)
    {
        var lines = cluster.AccessLog.Split('\n').Where(l => l.Contains("\"POST /api/ratings ")).TakeLast(100).ToList();
        return Enumerable.Range(0, ServerCluster.NodeCount).Where(n => n != victim)
            .All(n => lines.Any(l => l.Contains($"127.0.0.1:{cluster.NodePort(n)} ") && l.Contains(" 201 ")));
    }

    private static async Task<JsonElement> CounterRowAsync(HttpClient staff, string unitId, string counter)
    {
        var answer = JsonDocument.Parse(await staff.GetStringAsync($"/api/satisfaction?unitId={unitId}&groupBy=counter")).RootElement;
        return answer.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == counter).Clone();
    }
}
