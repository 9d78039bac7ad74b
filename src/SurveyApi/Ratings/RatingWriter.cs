using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Ratings;

/// <summary>
/// Group commit: requests queue their ratings here and one writer drains whatever has queued into a single
/// transaction, so one disk flush acknowledges many ratings. Under light load a batch is one rating and costs one
/// flush; under heavy load batches grow by themselves. No request is answered before its batch is durable.
/// </summary>
public sealed class RatingWriter(IRatingStore store, IOptions<IngestOptions> options, IEnumerable<IRatingObserver> observers,
    ILogger<RatingWriter> logger) : BackgroundService
{
    private sealed record Pending(IReadOnlyList<Rating> Ratings, TaskCompletionSource<IReadOnlyList<AppendResult>> Done);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    public Task<IReadOnlyList<AppendResult>> WriteAsync(IReadOnlyList<Rating> ratings)
    {
        if (ratings.Count == 0) return Task.FromResult<IReadOnlyList<AppendResult>>([]);
        var done = new TaskCompletionSource<IReadOnlyList<AppendResult>>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(ratings, done)))
            done.SetException(new StoreUnavailableException("The server is shutting down; the rating was not stored."));
        return done.Task;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop taking new work; ExecuteAsync drains what is queued before it returns.
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var maxBatch = options.Value.MaxCommitBatch;
        // While one batch waits for the disk the next is written: a store may finish writing a batch before it is
        // durable (the SQLite adapter flushes its log outside its write lock), and batches then share a flush.
        var inFlight = new SemaphoreSlim(MaxBatchesInFlight);
        // The queue's completion, not the stopping token, ends the loop: queued ratings are still written on shutdown.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            // A free slot first, then drain: while batches wait for the disk, more ratings gather for the next one.
            await inFlight.WaitAsync(CancellationToken.None);
            var batch = new List<Pending>();
            var ratings = new List<Rating>();
            while (ratings.Count < maxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                ratings.AddRange(pending.Ratings);
            }
            _ = CommitAsync(batch, ratings).ContinueWith(_ => inFlight.Release(), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        // Every slot back: every batch taken from the queue has been answered.
        for (var i = 0; i < MaxBatchesInFlight; i++) await inFlight.WaitAsync(CancellationToken.None);
    }

    private const int MaxBatchesInFlight = 4;

    private async Task CommitAsync(List<Pending> batch, List<Rating> ratings)
    {
        IReadOnlyList<AppendResult> outcomes;
        // AppendAsync returns once the batch is on disk: the board is fed only then, and only then is a 201 sent, so a
        // board never shows a rating that a crash could still take away.
        try
        {
            outcomes = await store.AppendAsync(ratings, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not store a batch of {Count} ratings; none of them was acknowledged", ratings.Count);
            var failure = new StoreUnavailableException("The rating store could not write; the rating was not stored.", e);
            foreach (var pending in batch) pending.Done.TrySetException(failure);
            return;
        }
        Notify(ratings, outcomes);
        var offset = 0;
        foreach (var pending in batch)
        {
            var mine = new AppendResult[pending.Ratings.Count];
            for (var i = 0; i < mine.Length; i++) mine[i] = outcomes[offset + i];
            offset += mine.Length;
            pending.Done.TrySetResult(mine);
        }
    }

    private void Notify(List<Rating> ratings, IReadOnlyList<AppendResult> outcomes)
    {
        var created = new List<Rating>(ratings.Count);
        for (var i = 0; i < ratings.Count; i++)
            if (outcomes[i].Outcome == AppendOutcome.Created) created.Add(ratings[i] with { Filtered = outcomes[i].Filtered });
        if (created.Count == 0) return;
        foreach (var observer in observers)
        {
            try
            {
                observer.Observe(created);
            }
            catch (Exception e)
            {
                // The ratings are stored and will be acknowledged; a board that missed them catches up at its next snapshot.
                logger.LogError(e, "Observer {Observer} failed on {Count} new ratings", observer.GetType().Name, created.Count);
            }
        }
    }
}
