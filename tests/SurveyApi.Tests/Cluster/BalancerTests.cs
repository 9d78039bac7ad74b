using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Cluster;

/// <summary>
/// Three SurveyApi processes on one PostgreSQL behind nginx (deploy/nginx's rules), Redis for the rate limits: the
/// city's set-up, with real processes. One cluster for all these tests; each test rates its own counter, so the
/// totals it checks are its own.
/// </summary>
[Collection(ClusterCollection.Name)]
public class BalancerTests(ServerCluster cluster)
{
    [Fact]
    public async Task RatingsSentRoundRobinThroughNginxGiveExactTotalsInTheApiAndTheReportsOfEveryNode()
    {
        // Sở X's counter rates on 3 levels: 3 and 2 are satisfied, 1 is not.
        int[] pattern = [3, 3, 2, 1, 3, 2, 3];
        var kiosk = await cluster.KioskAsync("x1");
        await using var boards = await ClusterBoards.OnEveryNodeAsync(cluster, "dept-x");
        var scores = Enumerable.Range(0, 84).Select(i => pattern[i % pattern.Length]).ToArray();
        var answers = await Task.WhenAll(scores.Chunk(14).Select(async chunk =>
        {
            var statuses = new List<HttpStatusCode>();
            foreach (var score in chunk)
                statuses.Add((await kiosk.PostAsJsonAsync("/api/ratings", RatingBody.New("x1", score))).StatusCode);
            return statuses;
        }));
        Assert.All(answers.SelectMany(a => a), s => Assert.Equal(HttpStatusCode.Created, s));

        // nginx sent them round robin: every node wrote some.
        Assert.True(await Eventually.TrueAsync(() => Enumerable.Range(0, ServerCluster.NodeCount)
                .All(n => RatingsAnsweredBy(n) > 0), TimeSpan.FromSeconds(5)),
            "every node should have answered ratings; nginx's log:\n" + cluster.AccessLog);

        var expectedTotal = scores.Length;
        var expectedSatisfied = scores.Count(s => s >= 2);
        var expectedCounts = scores.GroupBy(s => s).ToDictionary(g => g.Key.ToString(), g => g.Count());
        // The board of every node shows every rating, whichever node wrote it.
        await boards.AssertEachShowsAsync("x1", expectedTotal);

        var month = VietnamTime.Today(TimeProvider.System).ToString("yyyy-MM");
        for (var node = 0; node < ServerCluster.NodeCount; node++)
        {
            var direct = await cluster.AdminAsync(cluster.NodeAddress(node));

            var satisfaction = JsonDocument.Parse(await direct.GetStringAsync("/api/satisfaction?unitId=dept-x&groupBy=counter")).RootElement;
            var row = satisfaction.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "x1");
            Assert.Equal(expectedTotal, row.GetProperty("total").GetInt64());
            Assert.Equal(expectedSatisfied, row.GetProperty("satisfied").GetInt64());
            Assert.Equal(expectedCounts, row.GetProperty("counts").EnumerateObject().Where(c => c.Value.GetInt64() > 0)
                .ToDictionary(c => c.Name, c => (int)c.Value.GetInt64()));

            var report = JsonDocument.Parse(await direct.GetStringAsync($"/api/reports?period={month}&unitId=dept-x")).RootElement;
            var counter = report.GetProperty("counters").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "x1");
            Assert.Equal(expectedTotal, counter.GetProperty("total").GetInt64());
            Assert.Equal(expectedSatisfied, counter.GetProperty("satisfied").GetInt64());
        }
    }

    [Fact]
    public async Task SignInLimitIsCountedOnceForAllNodesPerClientAddressBehindNginx()
    {
        // Twelve attempts from one address, round robin over three nodes: four each, under any one node's limit of
        // eight, so only a count shared through Redis refuses the last four. The balancer's own address is not the key.
        var hall = cluster.NewClient(from: IPAddress.Parse("127.0.0.2"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < ServerCluster.LoginPerMinute + 4; i++)
            statuses.Add((await hall.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = "khong-co@test.vn",
                ["password"] = "sai-mat-khau-" + i,
            }))).StatusCode);

        Assert.Equal(ServerCluster.LoginPerMinute, statuses.Count(s => s != HttpStatusCode.TooManyRequests));
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.True(await Eventually.TrueAsync(() => NodesThatAnswered("127.0.0.2", "POST /login") == ServerCluster.NodeCount, TimeSpan.FromSeconds(5)),
            "the attempts should have gone to every node; nginx's log:\n" + cluster.AccessLog);

        // Another address behind the same balancer has its own count.
        var other = cluster.NewClient(from: IPAddress.Parse("127.0.0.3"));
        var first = await other.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "khong-co@test.vn", ["password"] = "x" }));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
    }

    private int RatingsAnsweredBy(int node) => cluster.AccessLog.Split('\n')
        .Count(l => l.Contains("\"POST /api/ratings ") && l.Contains($"upstream=127.0.0.1:{cluster.NodePort(node)} "));

    private int NodesThatAnswered(string client, string request) => cluster.AccessLog.Split('\n')
        .Where(l => l.StartsWith(client + " ") && l.Contains($"\"{request} "))
        .Select(l => l[(l.IndexOf("upstream=", StringComparison.Ordinal) + 9)..].Split(' ')[0]).Distinct().Count();
}
