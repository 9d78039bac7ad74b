using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Board;

/// <summary>
/// Coalesces: every few hundred milliseconds it asks the live board which units changed and sends each of their groups
/// one fresh snapshot, however many ratings arrived meanwhile; alerts go out as they are raised.
/// </summary>
public sealed class BoardBroadcaster(LiveBoard board, CatalogProvider catalogs, IHubContext<BoardHub, IBoardClient> hub, BoardAudience audience,
    IOptions<BoardOptions> options, ILogger<BoardBroadcaster> logger) : BackgroundService
{

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Leading edge: a rating on a quiet day goes out at once; under load, at most one update per interval,
        // carrying everything that arrived meanwhile.
        var interval = TimeSpan.FromMilliseconds(options.Value.UpdateIntervalMilliseconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await board.WaitForChangeAsync(stoppingToken);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await PushAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Could not push board updates; boards catch up at the next change");
                }
                // The interval runs from the start of this push, not its end: handing an update to 1,000 boards takes
                // tens of milliseconds on two cores, and waiting the whole interval after that made every board's
                // update that much later (docs/BENCHMARKS.md, "Live board"). Pushes still start at least an interval apart.
                var left = interval - Stopwatch.GetElapsedTime(started);
                if (left > TimeSpan.Zero) await Task.Delay(left, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PushAsync()
    {
        var (units, alerts) = board.TakeChanges();
        var watched = units.Where(u => audience.IsWatched(BoardGroups.For(u))).ToArray();
        foreach (var unit in watched) await hub.Clients.Group(BoardGroups.For(unit)).Update(board.Snapshot(unit));
        foreach (var alert in alerts)
        {
            if (audience.IsWatched(BoardGroups.For(null))) await hub.Clients.Group(BoardGroups.For(null)).Alert(board.ForBoard(null, alert));
            foreach (var unit in watched.Where(u => u is not null && AlertConcerns(u, alert)))
                await hub.Clients.Group(BoardGroups.For(unit)).Alert(board.ForBoard(unit, alert));
        }
    }

    /// <summary>Whether a unit's board shows the alert: the alert's unit is the unit or below it (a catalog walk, not a whole snapshot).</summary>
    private bool AlertConcerns(string unitId, BoardAlert alert) => catalogs.Current.Subtree(unitId).Any(u => u.Id == alert.UnitId);
}
