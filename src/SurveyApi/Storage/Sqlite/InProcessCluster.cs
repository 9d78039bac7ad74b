using System.Collections.Concurrent;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

/// <summary>The change feed of one server (the SQLite file is not shared): a signal goes to this process's handlers at once.</summary>
public sealed class InProcessChangeFeed(ILogger<InProcessChangeFeed> logger) : IChangeFeed
{
    private readonly ChangeHandlers _handlers = new(logger);

    public bool IsListening => true;

    public Task PublishAsync(ChangeSignal signal, CancellationToken cancellationToken = default)
    {
        _handlers.Deliver(signal);
        return Task.CompletedTask;
    }

    public void Subscribe(Action<ChangeSignal> handler) => _handlers.Add(handler);
}

/// <summary>Locks of one server: one semaphore per name.</summary>
public sealed class InProcessClusterLock : IClusterLock
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();

    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken = default)
    {
        var gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Held(gate);
    }

    private sealed class Held(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
