using System.Diagnostics;
using System.Net;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ParSurvey.SurveyApi.Tests.Cluster;

/// <summary>/health says the process lives; /health/ready says whether it can work, so the balancer skips a server that lost its database.</summary>
public class ReadinessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ReadinessAnswers503WhilePostgreSqlIsStoppedAnd200OnceItIsBackWhileLivenessStays200()
    {
        await using var cluster = await PostgresCluster.StartNewAsync();
        await using var nodes = await ServerNodes.StartAsync(1, connectionString: await cluster.CreateDatabaseAsync());
        var server = nodes[0];
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health/ready")).StatusCode);

        await cluster.StopServerAsync();
        var stopped = Stopwatch.StartNew();
        Assert.True(await Eventually.TrueAsync(() => server.Client.GetAsync("/health/ready").Result.StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(10)), "/health/ready did not answer 503 with PostgreSQL stopped");
        output.WriteLine($"503 after {stopped.ElapsedMilliseconds} ms");
        var problem = await server.Client.GetAsync("/health/ready");
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health")).StatusCode);

        await cluster.StartServerAsync();
        var started = Stopwatch.StartNew();
        Assert.True(await Eventually.TrueAsync(() => server.Client.GetAsync("/health/ready").Result.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(15)), "/health/ready did not answer 200 again once PostgreSQL was back");
        output.WriteLine($"200 again {started.ElapsedMilliseconds} ms after PostgreSQL started");
        // And the server works again: a rating is taken.
        Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(RatingBody.New("a1", 4))).StatusCode);
    }

    [Fact]
    public async Task ReadinessOfAServerOnItsSqliteFileIs200ForAnyone()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var ready = await server.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("ready", await ready.Content.ReadAsStringAsync());
    }
}
