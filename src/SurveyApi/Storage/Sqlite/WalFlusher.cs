using Microsoft.Win32.SafeHandles;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

/// <summary>
/// Makes the rating writer's commits durable by syncing the SQLite write-ahead log itself, so that the next batch can be
/// written while the disk flushes the last one: one sync covers every commit that finished before it started, and a
/// caller waits for a sync that started after its own commit. The writer connection runs with synchronous=NORMAL (its
/// commits are written to the log but not flushed); this is the flush that synchronous=FULL would do inside each commit.
/// The log file stays the same file while the writer connection is open: SQLite removes it only when the last
/// connection to the database closes.
/// </summary>
internal sealed class WalFlusher(string walPath, IDiskFlush diskFlush) : IDisposable
{
    private readonly SafeFileHandle _wal = File.OpenHandle(walPath, FileMode.OpenOrCreate, FileAccess.ReadWrite,
        FileShare.ReadWrite | FileShare.Delete);
    private readonly Lock _gate = new();
    private long _committed, _durable;
    private Task _sync = Task.CompletedTask;

    /// <summary>Counts a commit that has just returned; the number to wait for.</summary>
    public long Committed()
    {
        lock (_gate) return ++_committed;
    }

    /// <summary>Returns once the commit numbered <paramref name="commit"/> is on disk; throws if the disk refused the flush.</summary>
    public async Task WaitDurableAsync(long commit)
    {
        while (true)
        {
            Task sync;
            lock (_gate)
            {
                if (_durable >= commit) return;
                if (_sync.IsCompleted) _sync = SyncAsync(_committed);
                sync = _sync;
            }
            await sync;
        }
    }

    private Task SyncAsync(long covers) => Task.Run(() =>
    {
        diskFlush.Flush(_wal);
        lock (_gate) _durable = Math.Max(_durable, covers);
    });

    public void Dispose()
    {
        try
        {
            _sync.Wait();
        }
        catch (AggregateException)
        {
            // A failed flush was reported to the callers that waited for it.
        }
        _wal.Dispose();
    }
}

/// <summary>
/// The step that puts a written file on disk. Production syncs (fsync); a test may hold it back to see that nothing is
/// shown or acknowledged before it ends. Everything else of the store stays real.
/// </summary>
public interface IDiskFlush
{
    void Flush(SafeFileHandle file);
}

public sealed class FsyncDiskFlush : IDiskFlush
{
    public static FsyncDiskFlush Instance { get; } = new();

    public void Flush(SafeFileHandle file) => RandomAccess.FlushToDisk(file);
}
