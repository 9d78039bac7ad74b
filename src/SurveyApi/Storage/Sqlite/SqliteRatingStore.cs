using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Ratings;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode. <see cref="AppendAsync"/> returns once its transaction is
/// on disk: the writer commits without a flush and <see cref="WalFlusher"/> flushes the log for every commit made
/// before the flush began, while the next batch is already being written. Callers batch many ratings into one call
/// (group commit) to share that flush. Ratings are kept in arrival order; a rating is found by id through the recent
/// ids in memory (<see cref="RecentRatingIds"/>) or, once merged, the <c>rating_ids</c> index.
/// </summary>
/// <param name="pressCooldown">The press filter's cooldown (ParSurvey:Kiosk:CooldownSeconds); zero filters nothing.</param>
/// <param name="diskFlush">How the log is put on disk; fsync unless a test holds it back.</param>
public sealed class SqliteRatingStore(SqliteDatabase database, ILogger<SqliteRatingStore>? logger = null,
    int recentIdLimit = SqliteRatingStore.DefaultRecentIdLimit, TimeSpan pressCooldown = default, IDiskFlush? diskFlush = null)
    : IRatingStore, IDisposable
{
    /// <summary>
    /// Recent ids kept in memory before they are merged into the index: about 3 MB. A larger merge writes each index
    /// page once for more ids; it holds up the writer for its duration (tens of milliseconds at this size).
    /// </summary>
    public const int DefaultRecentIdLimit = 32_768;

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SqliteRatingReads _reads = new(database, new RecentRatingIds());
    private RecentRatingIds _recent => _reads.Recent;
    // Each kiosk device's latest counted rating time, as in device_marks; changed only under the write lock after a commit.
    private readonly Dictionary<string, DateTimeOffset> _deviceMarks = new(StringComparer.Ordinal);
    private SqliteConnection? _writer;
    private SqliteRatingWriteCommands? _commands;
    private WalFlusher? _flusher;
    private readonly Lock _mergeGate = new();
    private Task _merge = Task.CompletedTask;
    private int _disposed;
    private readonly ILogger _log = logger ?? NullLogger<SqliteRatingStore>.Instance;

    // Checkpoint every 4,000 WAL pages (16 MB) rather than SQLite's 1,000: a longer WAL lets a checkpoint copy a page
    // once for many commits that touched it (the roll-ups, the last pages of the table and its date index).
    private const int WalAutoCheckpointPages = 4000;

    public SqliteRatingStore(string databasePath) : this(new SqliteDatabase(databasePath)) { }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await database.EnsureSchemaAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_writer is not null) return;
            _writer = await database.OpenAsync(cancellationToken);
            using var command = _writer.CreateCommand();
            // The writer's commits are flushed by WalFlusher, shared by every commit made before the flush began.
            command.CommandText = $"PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = {WalAutoCheckpointPages};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            command.CommandText = """
                SELECT seq, id, content_hash, filtered FROM ratings
                WHERE seq > (SELECT value FROM store_marks WHERE name = 'rating_ids');
                """;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    _recent.Add(Guid.Parse(reader.GetString(1)), new StoredId(reader.GetInt64(0), reader.GetString(2), reader.GetInt64(3) == 1));
            }
            command.CommandText = "SELECT device_id, last_counted_at FROM device_marks;";
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken)) _deviceMarks[reader.GetString(0)] = ParseInstant(reader.GetString(1));
            }
            // After the writer has opened the database, so its log file exists and stays while the writer is open.
            _flusher = new WalFlusher(database.Path + "-wal", diskFlush ?? FsyncDiskFlush.Instance);
        }
        finally
        {
            _writeLock.Release();
        }
        MergeWhenDue();
    }

    public async Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<Rating> ratings, CancellationToken cancellationToken = default)
    {
        if (ratings.Count == 0) return [];
        var results = new AppendResult[ratings.Count];
        long commit;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var (connection, commands) = WriterCommands();
            using var transaction = connection.BeginTransaction();
            commands.Enlist(transaction);
            var added = new Dictionary<Guid, StoredId>();
            var rollups = new RollupBatch();
            Dictionary<string, DateTimeOffset> marks;
            try
            {
                // Which ratings are new: a stored id makes a repeat; so does an id earlier in this batch (its first occurrence decides).
                var firstOf = new Dictionary<Guid, int>();
                var repeats = new List<(int Index, int First)>();
                var fresh = new List<int>();
                for (var i = 0; i < ratings.Count; i++)
                {
                    var r = ratings[i];
                    if (firstOf.TryGetValue(r.Id, out var first)) repeats.Add((i, first));
                    else if (FindStored(r.Id, added, commands) is { } stored)
                        results[i] = new AppendResult(stored.ContentHash == r.ContentHash ? AppendOutcome.Duplicate : AppendOutcome.Conflict, stored.Filtered);
                    else
                    {
                        firstOf[r.Id] = i;
                        fresh.Add(i);
                    }
                }
                var filtered = PressFilter.Apply(ratings, fresh, _deviceMarks, pressCooldown, out marks);
                foreach (var i in fresh)
                {
                    var r = filtered.Contains(i) ? ratings[i] with { Filtered = true } : ratings[i] with { Filtered = false };
                    if (commands.Insert(r) is not { } seq)
                    {
                        results[i] = new AppendResult(AppendOutcome.TokenUsed);
                        continue;
                    }
                    added[r.Id] = new StoredId(seq, r.ContentHash, r.Filtered);
                    rollups.Add(r);
                    results[i] = new AppendResult(AppendOutcome.Created, r.Filtered);
                }
                foreach (var (i, first) in repeats)
                {
                    var stored = results[first];
                    results[i] = stored.Outcome == AppendOutcome.TokenUsed ? stored
                        : new AppendResult(ratings[i].ContentHash == ratings[first].ContentHash ? AppendOutcome.Duplicate : AppendOutcome.Conflict, stored.Filtered);
                }
                commands.AddToRollups(rollups);
                foreach (var (device, at) in marks) commands.MarkDevice(device, at);
            }
            catch
            {
                // The statements may be left mid-step; prepare them afresh for the next batch.
                DropCommands();
                throw;
            }
            transaction.Commit();
            commit = _flusher!.Committed();
            foreach (var (id, stored) in added) _recent.Add(id, stored);
            foreach (var (device, at) in marks) _deviceMarks[device] = at;
        }
        finally
        {
            _writeLock.Release();
            MergeWhenDue();
        }
        // Outside the lock: the next batch is written while this one is flushed. A repeat found above waits here too,
        // so it is acknowledged only once the rating it repeats is on disk.
        await _flusher.WaitDurableAsync(commit);
        return results;
    }

    /// <summary>A rating under this id: earlier in this batch, recent, or merged into the index.</summary>
    private StoredId? FindStored(Guid id, Dictionary<Guid, StoredId> added, SqliteRatingWriteCommands commands) =>
        added.TryGetValue(id, out var stored) || _recent.TryGet(id, out stored) ? stored : commands.FindMerged(id);

    /// <summary>Starts a merge of the recent ids into the index when enough have gathered; the next batch waits for it.</summary>
    private void MergeWhenDue()
    {
        lock (_mergeGate)
        {
            if (_recent.Count < recentIdLimit || !_merge.IsCompleted) return;
            _merge = Task.Run(MergeRecentIdsAsync);
        }
    }

    private async Task MergeRecentIdsAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_writer is null || _recent.Count < recentIdLimit) return;
            var (connection, commands) = WriterCommands();
            using var transaction = connection.BeginTransaction();
            commands.Enlist(transaction);
            commands.MergeRecentIds();
            transaction.Commit();
            _recent.Clear();
        }
        catch (Exception e)
        {
            // Nothing is lost: the ids stay in memory and the next merge takes them along.
            DropCommands();
            _log.LogError(e, "Could not merge {Count} recent rating ids into the index", _recent.Count);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private (SqliteConnection, SqliteRatingWriteCommands) WriterCommands()
    {
        var connection = _writer ?? throw new InvalidOperationException("InitializeAsync was not called.");
        return (connection, _commands ??= new SqliteRatingWriteCommands(connection));
    }

    private void DropCommands()
    {
        _commands?.Dispose();
        _commands = null;
    }

    public Task<Rating?> FindAsync(Guid id, CancellationToken cancellationToken = default) => _reads.FindAsync(id, cancellationToken);

    public Task<IReadOnlyList<Rating>> ListDayAsync(DateOnly localDate, CancellationToken cancellationToken = default) =>
        _reads.ListDayAsync(localDate, cancellationToken);

    public Task<bool> IsTokenUsedAsync(string tokenId, CancellationToken cancellationToken = default) => _reads.IsTokenUsedAsync(tokenId, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => _reads.CountAsync(cancellationToken);

    public Task<IReadOnlyList<TallyCount>> TallyAsync(TallyQuery query, CancellationToken cancellationToken = default) =>
        _reads.TallyAsync(query, cancellationToken);

    public Task<IReadOnlyList<FilteredCount>> FilteredCountsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds,
        CancellationToken cancellationToken = default) => _reads.FilteredCountsAsync(from, to, counterIds, cancellationToken);

    public Task<IReadOnlyList<ReasonCount>> ReasonCountsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds,
        CancellationToken cancellationToken = default) => _reads.ReasonCountsAsync(from, to, counterIds, cancellationToken);

    public Task<IReadOnlyList<RatingComment>> CommentsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds, int limit,
        CancellationToken cancellationToken = default) => _reads.CommentsAsync(from, to, counterIds, limit, cancellationToken);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _merge.Wait();
        _flusher?.Dispose();
        _commands?.Dispose();
        _writer?.Dispose();
        _writeLock.Dispose();
    }
}
