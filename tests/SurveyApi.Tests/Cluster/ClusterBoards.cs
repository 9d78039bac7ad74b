using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Cluster;

/// <summary>Wall boards connected straight to given nodes of the cluster (not through nginx, which would stick them all to one node).</summary>
public sealed class ClusterBoards : IAsyncDisposable
{
    private readonly List<(int Node, BoardWatcher Board)> _boards = [];

    public static Task<ClusterBoards> OnEveryNodeAsync(ServerCluster cluster, string unitId) =>
        OnNodesAsync(cluster, unitId, Enumerable.Range(0, ServerCluster.NodeCount).ToArray());

    public static async Task<ClusterBoards> OnNodesAsync(ServerCluster cluster, string unitId, int[] nodes)
    {
        await cluster.AdminAsync();
        var boards = new ClusterBoards();
        foreach (var node in nodes)
            boards._boards.Add((node, await BoardWatcher.ConnectAsync(cluster.NodeAddress(node), cluster.AdminCookies, unitId)));
        return boards;
    }

    /// <summary>Waits (at most 10 s) until every board shows the counter's total; fails naming the boards that do not.</summary>
    public async Task AssertEachShowsAsync(string counterId, long total)
    {
        var shown = await Eventually.TrueAsync(() => _boards.All(b => b.Board.CounterTotal(counterId) == total), TimeSpan.FromSeconds(10));
        Assert.True(shown, $"expected {total} ratings of {counterId} on every board; " +
            string.Join(", ", _boards.Select(b => $"node {b.Node} shows {b.Board.CounterTotal(counterId)} after {b.Board.Updates} updates")));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, board) in _boards) await board.DisposeAsync();
    }
}
