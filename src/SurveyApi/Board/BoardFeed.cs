using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Board;

/// <summary>
/// What feeds the live board. One server on its own store (SQLite): the writer's batches, handed straight to the board
/// once durable, as before. Servers sharing a store (PostgreSQL, <see cref="IRatingFeed"/>): every server's board
/// follows the store's rating sequence — rebuilt from the store at start, then, whenever a server says ratings were
/// committed (the change feed, carrying the sequence) or this server committed some, the ratings after the last one
/// applied are read and applied, once each and in order (<see cref="RatingSequence"/>). After the feed reconnects it
/// simply reads on from there, so nothing missed meanwhile is lost.
/// </summary>
/// <remarks>
/// Alerts are worked out by each server's board from the same ratings: every board shows each alert once, from the
/// server it is connected to. Nothing else acts on them (no message is sent), so nothing happens once per server.
/// Alerts from outside the ratings (an urgent complaint) are raised on one server and passed to the others.
/// </remarks>
public sealed class BoardFeed(LiveBoard board, IRatingStore store, IChangeFeed changes, TimeProvider clock, IOptions<BoardOptions> options,
    ILogger<BoardFeed> logger, IRatingFeed? feed = null) : BackgroundService, IRatingObserver
{
    /// <summary>How far below the top a server starting up looks for sequences still in flight.</summary>
    private const int RecentWindow = 10_000;
    private const int PageSize = 5_000;
    /// <summary>A read at least this often even with no signal: settles gaps, and covers a signal a server failed to send.</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);
    private readonly RatingSequence _sequence = new();
    private readonly SemaphoreSlim _wake = new(0, 1);
    private volatile bool _announce;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        var today = VietnamTime.Today(clock);
        if (feed is null)
        {
            board.Load(await store.ListDayAsync(today, cancellationToken));
        }
        else
        {
            board.Load(_sequence.Start(await feed.ReadDayAsync(today, RecentWindow, cancellationToken), RecentWindow, clock.GetUtcNow()));
            changes.Subscribe(OnChange);
            // An urgent complaint filed on one server is on every server's boards.
            board.AlertRaised += alert => _ = changes.PublishAsync(new ChangeSignal(ChangeKind.BoardAlert, JsonSerializer.Serialize(alert)));
        }
        await base.StartAsync(cancellationToken);
    }

    /// <summary>This server's writer committed ratings.</summary>
    public void Observe(IReadOnlyList<Rating> created)
    {
        if (feed is null)
        {
            board.Observe(created);
            return;
        }
        _announce = true;
        Wake();
    }

    private void OnChange(ChangeSignal signal)
    {
        if (signal.Kind == ChangeKind.BoardAlert)
        {
            if (JsonSerializer.Deserialize<BoardAlert>(signal.Subject) is { } alert) board.ShowAlert(alert);
            return;
        }
        if (signal.Kind == ChangeKind.Resync ||
            signal.Kind == ChangeKind.Ratings && (!long.TryParse(signal.Subject, out var top) || top > _sequence.High))
            Wake();
    }

    private void Wake()
    {
        if (_wake.CurrentCount > 0) return;
        try { _wake.Release(); } catch (SemaphoreFullException) { } // woken by another path meanwhile
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (feed is null) return;
        var failing = false;
        var interval = TimeSpan.FromMilliseconds(options.Value.FeedReadIntervalMilliseconds);
        var lastRead = long.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(Idle, stoppingToken);
                // Leading edge: the first signal after a quiet spell is read at once; under load, reads start at least
                // an interval apart and each takes everything committed meanwhile (as the board's pushes do).
                if (lastRead != long.MinValue)
                {
                    var left = interval - Stopwatch.GetElapsedTime(lastRead);
                    if (left > TimeSpan.Zero) await Task.Delay(left, stoppingToken);
                }
                lastRead = Stopwatch.GetTimestamp();
                var announce = _announce;
                _announce = false;
                await CatchUpAsync(feed, stoppingToken);
                // After reading: the signal carries a sequence at or past every rating this server has committed.
                if (announce) await changes.PublishAsync(new ChangeSignal(ChangeKind.Ratings, _sequence.High.ToString()), stoppingToken);
                if (failing) logger.LogInformation("The board follows the store's ratings again");
                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                if (!failing) logger.LogWarning(e, "The board could not read new ratings from the store; trying again");
                failing = true;
            }
        }
    }

    private async Task CatchUpAsync(IRatingFeed ratings, CancellationToken ct)
    {
        while (true)
        {
            var high = _sequence.High;
            var page = await ratings.ReadAfterAsync(high, _sequence.Missing, PageSize, ct);
            var fresh = _sequence.Accept(page, clock.GetUtcNow());
            if (fresh.Count > 0) board.Observe(fresh);
            if (page.Ratings.Count(r => r.Sequence > high) < PageSize) return;
        }
    }
}
