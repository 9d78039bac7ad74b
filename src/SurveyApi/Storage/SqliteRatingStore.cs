using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Ratings;
using static ParSurvey.SurveyApi.Storage.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage;

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
    private readonly RecentRatingIds _recent = new();
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
                var filtered = FilterPresses(ratings, fresh, out marks);
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

    /// <summary>
    /// The press filter over a batch's new kiosk ratings, per device in device time order (an offline queue arrives in
    /// one batch): which are repeated presses, and each device's latest counted time afterwards (to store on commit).
    /// </summary>
    private HashSet<int> FilterPresses(IReadOnlyList<Rating> ratings, List<int> fresh, out Dictionary<string, DateTimeOffset> marks)
    {
        marks = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var filtered = new HashSet<int>();
        foreach (var i in fresh.Where(i => ratings[i].DeviceId is not null).OrderBy(i => ratings[i].OccurredAt).ThenBy(i => i))
        {
            var r = ratings[i];
            DateTimeOffset? last = marks.TryGetValue(r.DeviceId!, out var m) ? m : _deviceMarks.TryGetValue(r.DeviceId!, out var d) ? d : null;
            if (PressFilter.IsRepeatedPress(last, r.OccurredAt, pressCooldown)) filtered.Add(i);
            else marks[r.DeviceId!] = last is { } l && l > r.OccurredAt ? l : r.OccurredAt;
        }
        return filtered;
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

    public async Task<Rating?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        // A recent rating by its place; an older one through the index. A merge empties the recent ids only after its
        // commit, so a rating is always in one of the two.
        if (_recent.TryGet(id, out var recent))
        {
            command.CommandText = $"SELECT {RatingColumnList} FROM ratings WHERE seq = $seq;";
            command.Parameters.AddWithValue("$seq", recent.Seq);
        }
        else
        {
            command.CommandText = $"SELECT {RatingColumnList} FROM ratings WHERE seq = (SELECT seq FROM rating_ids WHERE id = $id);";
            command.Parameters.AddWithValue("$id", SqliteRatingWriteCommands.IdText(id));
        }
        return (await ReadRatingsAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Rating>> ListDayAsync(DateOnly localDate, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RatingColumnList} FROM ratings WHERE local_date = $date ORDER BY occurred_at, id;";
        command.Parameters.AddWithValue("$date", DateText(localDate));
        return await ReadRatingsAsync(command, cancellationToken);
    }

    private static async Task<List<Rating>> ReadRatingsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<Rating>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new Rating(
                Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(16), reader.GetInt32(4), GroupOf(reader.GetString(17)), reader.GetString(6),
                JsonSerializer.Deserialize<string[]>(reader.GetString(7)) ?? [],
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : ParseInstant(reader.GetString(10)),
                ParseInstant(reader.GetString(11)), ParseInstant(reader.GetString(12)),
                DateOnly.ParseExact(reader.GetString(13), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                reader.GetString(14),
                reader.IsDBNull(15) ? null : reader.GetString(15),
                reader.IsDBNull(18) ? null : reader.GetString(18),
                reader.GetInt64(19) == 1));
        return list;
    }

    private static LevelGroup GroupOf(string code) =>
        LevelGroups.Parse(code) ?? throw new InvalidDataException($"Unknown level group '{code}' in the ratings store");

    public async Task<bool> IsTokenUsedAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM ratings WHERE token_id = $token);";
        command.Parameters.AddWithValue("$token", tokenId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ratings;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<TallyCount>> TallyAsync(TallyQuery query, CancellationToken cancellationToken = default)
    {
        var key = query.GroupBy switch
        {
            TallyDimension.Counter => "counter_id",
            TallyDimension.Field => "field_code",
            TallyDimension.Day => "local_date",
            TallyDimension.CounterAndField => "counter_id || char(31) || field_code",
            TallyDimension.DayAndField => "local_date || char(31) || field_code",
            _ => "''",
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var counterFilter = query.CounterIds is null ? "" : "AND counter_id IN (SELECT value FROM json_each($counters))";
        command.CommandText = $"""
            SELECT {key}, scale_id, score, level_group, SUM(count)
            FROM daily_tallies
            WHERE local_date >= $from AND local_date <= $to {counterFilter}
            GROUP BY 1, 2, 3, 4;
            """;
        command.Parameters.AddWithValue("$from", DateText(query.From));
        command.Parameters.AddWithValue("$to", DateText(query.To));
        if (query.CounterIds is not null) command.Parameters.AddWithValue("$counters", JsonSerializer.Serialize(query.CounterIds));
        var rows = new List<TallyCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new TallyCount(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), GroupOf(reader.GetString(3)), reader.GetInt64(4)));
        return rows;
    }

    public async Task<IReadOnlyList<FilteredCount>> FilteredCountsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT counter_id, field_code, SUM(count) FROM daily_filtered
            WHERE local_date >= $from AND local_date <= $to {CounterFilter(command, counterIds)}
            GROUP BY 1, 2;
            """;
        command.Parameters.AddWithValue("$from", DateText(from));
        command.Parameters.AddWithValue("$to", DateText(to));
        var list = new List<FilteredCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(new FilteredCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return list;
    }

    public async Task<IReadOnlyList<ReasonCount>> ReasonCountsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT field_code, reason, SUM(count) FROM daily_reasons
            WHERE local_date >= $from AND local_date <= $to {CounterFilter(command, counterIds)}
            GROUP BY 1, 2;
            """;
        command.Parameters.AddWithValue("$from", DateText(from));
        command.Parameters.AddWithValue("$to", DateText(to));
        var list = new List<ReasonCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(new ReasonCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return list;
    }

    public async Task<IReadOnlyList<RatingComment>> CommentsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds, int limit,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT local_date, counter_id, field_code, scale_id, score, comment FROM ratings INDEXED BY ix_ratings_comments
            WHERE comment IS NOT NULL AND filtered = 0 AND local_date >= $from AND local_date <= $to {CounterFilter(command, counterIds)}
            ORDER BY local_date, occurred_at LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$from", DateText(from));
        command.Parameters.AddWithValue("$to", DateText(to));
        command.Parameters.AddWithValue("$limit", limit);
        var list = new List<RatingComment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new RatingComment(DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetString(1),
                reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5)));
        return list;
    }

    private static string CounterFilter(SqliteCommand command, IReadOnlyCollection<string>? counterIds)
    {
        if (counterIds is null) return "";
        command.Parameters.AddWithValue("$counters", JsonSerializer.Serialize(counterIds));
        return "AND counter_id IN (SELECT value FROM json_each($counters))";
    }

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
