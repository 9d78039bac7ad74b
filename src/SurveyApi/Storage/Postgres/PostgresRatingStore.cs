using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Storage.Sqlite;
using static ParSurvey.SurveyApi.Storage.Postgres.PostgresDatabase;

namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>
/// Ratings in PostgreSQL. <see cref="AppendAsync"/> writes a batch (the <see cref="RatingWriter"/>'s group commit) as one
/// transaction on one writer connection and returns after its commit, which with synchronous_commit on means the
/// server has flushed its WAL: one flush for the whole batch. Batches that arrive while a transaction commits are
/// merged into the next one (measured: twice the ingest rate of one transaction per batch). A batch costs three round trips whatever its size: the
/// look-up of its ids and devices, the inserts and roll-ups (arrays through unnest), the commit.
/// </summary>
/// <param name="pressCooldown">The press filter's cooldown (ParSurvey:Kiosk:CooldownSeconds); zero filters nothing.</param>
public sealed class PostgresRatingStore(PostgresDatabase database, TimeSpan pressCooldown = default) : IRatingStore, IDisposable
{
    internal const string Columns = """
        id, counter_id, unit_id, field_code, scale_id, score, level_group, satisfied, channel, reasons, comment, procedure_code,
        submitted_at, received_at, occurred_at, local_date, content_hash, token_id, device_id, filtered
        """;

    private sealed record Pending(IReadOnlyList<Rating> Ratings, TaskCompletionSource<IReadOnlyList<AppendResult>> Done);

    // Calls that arrive while a transaction commits wait here and go into the next transaction together: the writer
    // (RatingWriter) keeps several batches in flight, and one commit, one WAL flush, acknowledges them all.
    private readonly Lock _gate = new();
    private readonly Queue<Pending> _waiting = new();
    private bool _writing;
    private NpgsqlConnection? _writer;
    // Each kiosk device's latest counted rating time, as in device_marks: read when the writer connects, kept by the writer.
    private readonly Dictionary<string, DateTimeOffset> _deviceMarks = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>Most ratings merged into one transaction from calls that waited for the previous one.</summary>
    private const int MaxMergedRatings = 4096;

    public async Task InitializeAsync(CancellationToken cancellationToken = default) => await database.EnsureSchemaAsync(cancellationToken);

    public Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<Rating> ratings, CancellationToken cancellationToken = default)
    {
        if (ratings.Count == 0) return Task.FromResult<IReadOnlyList<AppendResult>>([]);
        var pending = new Pending(ratings, new TaskCompletionSource<IReadOnlyList<AppendResult>>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed == 1, this);
            _waiting.Enqueue(pending);
            if (!_writing)
            {
                _writing = true;
                _ = Task.Run(WriteWaitingAsync, CancellationToken.None);
            }
        }
        return pending.Done.Task;
    }

    private async Task<NpgsqlConnection> OpenWriterAsync()
    {
        var connection = await database.OpenAsync(CancellationToken.None);
        _deviceMarks.Clear();
        await using var command = new NpgsqlCommand("SELECT device_id, last_counted_at FROM device_marks;", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) _deviceMarks[reader.GetString(0)] = Instant(reader, 1);
        return connection;
    }

    /// <summary>Writes what is waiting, one transaction at a time, until nothing is.</summary>
    private async Task WriteWaitingAsync()
    {
        while (true)
        {
            var batch = new List<Pending>();
            var ratings = new List<Rating>();
            lock (_gate)
            {
                while (_waiting.TryPeek(out var next) && (batch.Count == 0 || ratings.Count + next.Ratings.Count <= MaxMergedRatings))
                {
                    batch.Add(_waiting.Dequeue());
                    ratings.AddRange(next.Ratings);
                }
                if (batch.Count == 0)
                {
                    _writing = false;
                    return;
                }
            }
            try
            {
                _writer ??= await OpenWriterAsync();
                var results = await AppendInTransactionAsync(_writer, ratings, CancellationToken.None);
                var offset = 0;
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult(results.Skip(offset).Take(pending.Ratings.Count).ToArray());
                    offset += pending.Ratings.Count;
                }
            }
            catch (Exception e)
            {
                // The connection may be broken or mid-statement: the next batch starts on a fresh one. Nothing of this
                // transaction was committed, so every call in it fails as a whole.
                if (_writer is not null) await _writer.DisposeAsync();
                _writer = null;
                foreach (var pending in batch) pending.Done.TrySetException(e);
            }
        }
    }

    private async Task<IReadOnlyList<AppendResult>> AppendInTransactionAsync(NpgsqlConnection connection, IReadOnlyList<Rating> ratings,
        CancellationToken cancellationToken)
    {
        var results = new AppendResult[ratings.Count];
        // Which ratings are candidates: an id earlier in this batch makes a repeat (its first occurrence decides).
        var firstOf = new Dictionary<Guid, int>();
        var repeats = new List<(int Index, int First)>();
        for (var i = 0; i < ratings.Count; i++)
        {
            if (firstOf.TryGetValue(ratings[i].Id, out var first)) repeats.Add((i, first));
            else firstOf[ratings[i].Id] = i;
        }
        // A kiosk's ratings reach every server in turn behind a balancer, so the device marks this server remembers are
        // usually stale by the next one: the first try then reads the stored marks (and rolls back), the second decides
        // from them. Only a stored id, a used link, or a mark moved again in between takes the careful way.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (allNew, marksMovedOnly) = await TryAppendAllNewAsync(connection, ratings, firstOf, repeats, cancellationToken);
            if (allNew is not null) return allNew;
            if (!marksMovedOnly) break;
        }

        var devices = ratings.Where(r => r.DeviceId is not null).Select(r => r.DeviceId!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (stored, deviceMarks) = await ReadStoredAsync(connection, [.. firstOf.Keys], devices, cancellationToken);
        var fresh = new List<int>();
        foreach (var (id, i) in firstOf)
        {
            if (stored.TryGetValue(id, out var s))
                results[i] = new AppendResult(s.ContentHash == ratings[i].ContentHash ? AppendOutcome.Duplicate : AppendOutcome.Conflict, s.Filtered);
            else fresh.Add(i);
        }
        fresh.Sort();
        var filtered = PressFilter.Apply(ratings, fresh, deviceMarks, pressCooldown, out var marks);
        var rows = fresh.Select(i => ratings[i] with { Filtered = filtered.Contains(i) }).ToArray();
        var inserted = await InsertAsync(connection, rows, cancellationToken);

        var rollups = new RollupBatch();
        var notInserted = new List<int>();
        for (var k = 0; k < fresh.Count; k++)
        {
            var i = fresh[k];
            if (!inserted.Contains(rows[k].Id))
            {
                notInserted.Add(i);
                continue;
            }
            rollups.Add(rows[k]);
            results[i] = new AppendResult(AppendOutcome.Created, rows[k].Filtered);
        }
        if (notInserted.Count > 0)
        {
            // Not inserted: its one-time link was used, or another server stored the same id meanwhile.
            var (late, _) = await ReadStoredAsync(connection, notInserted.Select(i => ratings[i].Id).ToArray(), [], cancellationToken);
            foreach (var i in notInserted)
                results[i] = late.TryGetValue(ratings[i].Id, out var s)
                    ? new AppendResult(s.ContentHash == ratings[i].ContentHash ? AppendOutcome.Duplicate : AppendOutcome.Conflict, s.Filtered)
                    : new AppendResult(AppendOutcome.TokenUsed);
        }
        foreach (var (i, first) in repeats)
        {
            var firstResult = results[first];
            results[i] = firstResult.Outcome == AppendOutcome.TokenUsed ? firstResult
                : new AppendResult(ratings[i].ContentHash == ratings[first].ContentHash ? AppendOutcome.Duplicate : AppendOutcome.Conflict, firstResult.Filtered);
        }
        await WriteRollupsAsync(connection, rollups, marks, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var (device, at) in marks) _deviceMarks[device] = at;
        return results;
    }

    /// <summary>
    /// The common case, every rating new (a kiosk's retry is rare): the rows, roll-ups and device marks go in one round
    /// trip, then the commit. If a row was not inserted (its id is stored, or its one-time link was used), the
    /// transaction is rolled back and no results returned: the batch is then written the careful way, looking up first.
    /// The press filter starts from the devices' marks the writer keeps in memory (as the SQLite store does); the same
    /// round trip locks and reads the stored marks first, and if another server sharing the database moved one of them
    /// meanwhile (a kiosk's requests spread over several nodes), the batch is rolled back with the memory now holding the
    /// stored marks (MarksMovedOnly): tried again from them, the filter decides as one server would.
    /// </summary>
    private async Task<(IReadOnlyList<AppendResult>? Results, bool MarksMovedOnly)> TryAppendAllNewAsync(NpgsqlConnection connection, IReadOnlyList<Rating> ratings,
        Dictionary<Guid, int> firstOf, List<(int Index, int First)> repeats, CancellationToken cancellationToken)
    {
        var fresh = firstOf.Values.Order().ToList();
        var filtered = PressFilter.Apply(ratings, fresh, _deviceMarks, pressCooldown, out var marks);
        var rows = fresh.Select(i => ratings[i] with { Filtered = filtered.Contains(i) }).ToArray();
        var rollups = new RollupBatch();
        foreach (var row in rows) rollups.Add(row);
        var devices = rows.Where(r => r.DeviceId is not null).Select(r => r.DeviceId!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        if (devices.Length > 0) batch.BatchCommands.Add(LockMarksCommand(devices));
        batch.BatchCommands.Add(InsertCommand(rows));
        AddRollups(batch, rollups, marks);
        var inserted = 0;
        var marksMoved = false;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            if (devices.Length > 0)
            {
                // Whatever is found, the memory now holds what is stored (the careful way reads it again anyway).
                var stored = new HashSet<string>(StringComparer.Ordinal);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var (device, at) = (reader.GetString(0), Instant(reader, 1));
                    stored.Add(device);
                    if (!_deviceMarks.TryGetValue(device, out var known) || !SameMicrosecond(known, at)) marksMoved = true;
                    _deviceMarks[device] = at;
                }
                foreach (var device in devices.Where(d => !stored.Contains(d)))
                    if (_deviceMarks.Remove(device)) marksMoved = true;
                await reader.NextResultAsync(cancellationToken);
            }
            while (await reader.ReadAsync(cancellationToken)) inserted++;
            while (await reader.NextResultAsync(cancellationToken)) { }
        }
        if (marksMoved || inserted != rows.Length)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (null, inserted == rows.Length);
        }
        await transaction.CommitAsync(cancellationToken);
        foreach (var (device, at) in marks) _deviceMarks[device] = at;
        var results = new AppendResult[ratings.Count];
        for (var k = 0; k < fresh.Count; k++) results[fresh[k]] = new AppendResult(AppendOutcome.Created, rows[k].Filtered);
        foreach (var (i, first) in repeats)
            results[i] = new AppendResult(ratings[i].ContentHash == ratings[first].ContentHash ? AppendOutcome.Duplicate : AppendOutcome.Conflict,
                results[first].Filtered);
        return (results, false);
    }

    /// <summary>PostgreSQL keeps microseconds; .NET keeps tenths of them.</summary>
    private static bool SameMicrosecond(DateTimeOffset a, DateTimeOffset b) => a.UtcTicks / 10 == b.UtcTicks / 10;

    /// <summary>The devices' stored marks, locked until the commit (in device order, as every server locks them).</summary>
    private static NpgsqlBatchCommand LockMarksCommand(string[] devices) => new(
        "SELECT device_id, last_counted_at FROM device_marks WHERE device_id = ANY($1) ORDER BY device_id FOR UPDATE;")
        { Parameters = { new() { Value = devices, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text } } };

    private readonly record struct StoredRating(string ContentHash, bool Filtered);

    /// <summary>The stored ratings among these ids, and the devices' latest counted times, locked until the commit.</summary>
    private static async Task<(Dictionary<Guid, StoredRating>, Dictionary<string, DateTimeOffset>)> ReadStoredAsync(NpgsqlConnection connection,
        Guid[] ids, string[] devices, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT id, content_hash, filtered FROM ratings WHERE id = ANY($1);")
            { Parameters = { new() { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid } } });
        if (devices.Length > 0) batch.BatchCommands.Add(LockMarksCommand(devices));
        var stored = new Dictionary<Guid, StoredRating>();
        var marks = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) stored[reader.GetGuid(0)] = new StoredRating(reader.GetString(1), reader.GetBoolean(2));
        if (devices.Length > 0 && await reader.NextResultAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) marks[reader.GetString(0)] = Instant(reader, 1);
        return (stored, marks);
    }

    /// <returns>The ids inserted; a rating whose one-time link was used already (or whose id came meanwhile) is not.</returns>
    private static async Task<HashSet<Guid>> InsertAsync(NpgsqlConnection connection, Rating[] rows, CancellationToken cancellationToken)
    {
        var inserted = new HashSet<Guid>();
        if (rows.Length == 0) return inserted;
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { InsertCommand(rows) } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) inserted.Add(reader.GetGuid(0));
        return inserted;
    }

    /// <summary>The rows in one statement (arrays through unnest), returning the id of each row inserted.</summary>
    private static NpgsqlBatchCommand InsertCommand(Rating[] rows)
    {
        var command = new NpgsqlBatchCommand($"""
            INSERT INTO ratings ({Columns})
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[], $8::boolean[],
                $9::text[], $10::jsonb[], $11::text[], $12::text[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[],
                $16::date[], $17::text[], $18::text[], $19::text[], $20::boolean[])
            ON CONFLICT DO NOTHING
            RETURNING id;
            """);
        var p = command.Parameters;
        p.Add(new() { Value = rows.Select(r => r.Id).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.CounterId).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.UnitId).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.FieldCode).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.ScaleId).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.Score).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.Group.Code()).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.Satisfied).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.Channel).ToArray() });
        p.Add(new() { Value = rows.Select(r => ReasonsJson(r.Reasons)).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.Comment).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = rows.Select(r => r.ProcedureCode).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = rows.Select(r => r.SubmittedAt?.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = rows.Select(r => r.ReceivedAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = rows.Select(r => r.OccurredAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        p.Add(new() { Value = rows.Select(r => r.LocalDate).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
        p.Add(new() { Value = rows.Select(r => r.ContentHash).ToArray() });
        p.Add(new() { Value = rows.Select(r => r.TokenId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = rows.Select(r => r.DeviceId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        p.Add(new() { Value = rows.Select(r => r.Filtered).ToArray() });
        return command;
    }

    internal static string ReasonsJson(IReadOnlyList<string> reasons) => reasons.Count == 0 ? "[]" : JsonSerializer.Serialize(reasons);

    /// <summary>
    /// The batch's roll-ups and device marks in one round trip, one row per distinct key, in key order (so that servers
    /// sharing the database lock roll-up rows in the same order).
    /// </summary>
    private static async Task WriteRollupsAsync(NpgsqlConnection connection, RollupBatch rollups, Dictionary<string, DateTimeOffset> marks,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        AddRollups(batch, rollups, marks);
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddRollups(NpgsqlBatch batch, RollupBatch rollups, Dictionary<string, DateTimeOffset> marks)
    {
        if (rollups.Tallies.Count > 0)
        {
            var t = rollups.Tallies.OrderBy(e => e.Key.Date).ThenBy(e => e.Key.Counter, StringComparer.Ordinal).ThenBy(e => e.Key.Field, StringComparer.Ordinal)
                .ThenBy(e => e.Key.Scale, StringComparer.Ordinal).ThenBy(e => e.Key.Score).ThenBy(e => e.Key.Group).ToArray();
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO daily_tallies AS t (local_date, counter_id, field_code, scale_id, score, level_group, count)
                SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::integer[], $6::text[], $7::bigint[])
                ON CONFLICT (local_date, counter_id, field_code, scale_id, score, level_group) DO UPDATE SET count = t.count + excluded.count;
                """)
            {
                Parameters =
                {
                    new() { Value = t.Select(e => e.Key.Date).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date },
                    new() { Value = t.Select(e => e.Key.Counter).ToArray() },
                    new() { Value = t.Select(e => e.Key.Field).ToArray() },
                    new() { Value = t.Select(e => e.Key.Scale).ToArray() },
                    new() { Value = t.Select(e => e.Key.Score).ToArray() },
                    new() { Value = t.Select(e => e.Key.Group.Code()).ToArray() },
                    new() { Value = t.Select(e => (long)e.Value).ToArray() },
                },
            });
        }
        if (rollups.Reasons.Count > 0)
        {
            var r = rollups.Reasons.OrderBy(e => e.Key.Date).ThenBy(e => e.Key.Counter, StringComparer.Ordinal).ThenBy(e => e.Key.Field, StringComparer.Ordinal)
                .ThenBy(e => e.Key.Reason, StringComparer.Ordinal).ToArray();
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO daily_reasons AS t (local_date, counter_id, field_code, reason, count)
                SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::bigint[])
                ON CONFLICT (local_date, counter_id, field_code, reason) DO UPDATE SET count = t.count + excluded.count;
                """)
            {
                Parameters =
                {
                    new() { Value = r.Select(e => e.Key.Date).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date },
                    new() { Value = r.Select(e => e.Key.Counter).ToArray() },
                    new() { Value = r.Select(e => e.Key.Field).ToArray() },
                    new() { Value = r.Select(e => e.Key.Reason).ToArray() },
                    new() { Value = r.Select(e => (long)e.Value).ToArray() },
                },
            });
        }
        if (rollups.Filtered.Count > 0)
        {
            var f = rollups.Filtered.OrderBy(e => e.Key.Date).ThenBy(e => e.Key.Counter, StringComparer.Ordinal).ThenBy(e => e.Key.Field, StringComparer.Ordinal).ToArray();
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO daily_filtered AS t (local_date, counter_id, field_code, count)
                SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::bigint[])
                ON CONFLICT (local_date, counter_id, field_code) DO UPDATE SET count = t.count + excluded.count;
                """)
            {
                Parameters =
                {
                    new() { Value = f.Select(e => e.Key.Date).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date },
                    new() { Value = f.Select(e => e.Key.Counter).ToArray() },
                    new() { Value = f.Select(e => e.Key.Field).ToArray() },
                    new() { Value = f.Select(e => (long)e.Value).ToArray() },
                },
            });
        }
        if (marks.Count > 0)
        {
            var m = marks.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
            batch.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO device_marks AS m (device_id, last_counted_at)
                SELECT * FROM unnest($1::text[], $2::timestamptz[])
                ON CONFLICT (device_id) DO UPDATE SET last_counted_at = GREATEST(m.last_counted_at, excluded.last_counted_at);
                """)
            {
                Parameters =
                {
                    new() { Value = m.Select(e => e.Key).ToArray() },
                    new() { Value = m.Select(e => e.Value.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
                },
            });
        }
    }

    public async Task<Rating?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM ratings WHERE id = $1;", connection) { Parameters = { new() { Value = id } } };
        return (await ReadRatingsAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Rating>> ListDayAsync(DateOnly localDate, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Ids in their text form, as SQLite orders them, so both stores list a day alike.
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM ratings WHERE local_date = $1 ORDER BY occurred_at, id::text;", connection)
            { Parameters = { new() { Value = localDate } } };
        return await ReadRatingsAsync(command, cancellationToken);
    }

    /// <summary>Every stored rating in arrival order, a page at a time (for the copy between stores).</summary>
    internal async IAsyncEnumerable<Rating> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM ratings ORDER BY seq;", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) yield return ReadRating(reader);
    }

    private static async Task<List<Rating>> ReadRatingsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = new List<Rating>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(ReadRating(reader));
        return list;
    }

    internal static Rating ReadRating(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), GroupOf(r.GetString(6)), r.GetString(8),
        JsonSerializer.Deserialize<string[]>(r.GetString(9)) ?? [], StringOrNull(r, 10), StringOrNull(r, 11), InstantOrNull(r, 12),
        Instant(r, 13), Instant(r, 14), r.GetFieldValue<DateOnly>(15), r.GetString(16), StringOrNull(r, 17), StringOrNull(r, 18), r.GetBoolean(19));

    private static LevelGroup GroupOf(string code) =>
        LevelGroups.Parse(code) ?? throw new InvalidDataException($"Unknown level group '{code}' in the ratings store");

    public async Task<bool> IsTokenUsedAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM ratings WHERE token_id = $1);", connection)
            { Parameters = { new() { Value = tokenId } } };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM ratings;", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<TallyCount>> TallyAsync(TallyQuery query, CancellationToken cancellationToken = default)
    {
        // The grouped columns, NULL for the parts the query does not group by.
        var (counter, field, day) = query.GroupBy switch
        {
            TallyDimension.Counter => ("counter_id", "NULL::text", "NULL::date"),
            TallyDimension.Field => ("NULL::text", "field_code", "NULL::date"),
            TallyDimension.Day => ("NULL::text", "NULL::text", "local_date"),
            TallyDimension.CounterAndField => ("counter_id", "field_code", "NULL::date"),
            TallyDimension.DayAndField => ("NULL::text", "field_code", "local_date"),
            _ => ("NULL::text", "NULL::text", "NULL::date"),
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT {counter}, {field}, {day}, scale_id, score, level_group, SUM(count)::bigint
            FROM daily_tallies
            WHERE local_date BETWEEN $1 AND $2 {CounterFilter(query.CounterIds)}
            GROUP BY 1, 2, 3, 4, 5, 6;
            """, connection);
        AddRange(command, query.From, query.To, query.CounterIds);
        var rows = new List<TallyCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new TallyKey(StringOrNull(reader, 0), StringOrNull(reader, 1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2));
            rows.Add(new TallyCount(key, reader.GetString(3), reader.GetInt32(4), GroupOf(reader.GetString(5)), reader.GetInt64(6)));
        }
        return rows;
    }

    public async Task<IReadOnlyList<FilteredCount>> FilteredCountsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT counter_id, field_code, SUM(count)::bigint FROM daily_filtered
            WHERE local_date BETWEEN $1 AND $2 {CounterFilter(counterIds)}
            GROUP BY 1, 2;
            """, connection);
        AddRange(command, from, to, counterIds);
        var list = new List<FilteredCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(new FilteredCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return list;
    }

    public async Task<IReadOnlyList<ReasonCount>> ReasonCountsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT field_code, reason, SUM(count)::bigint FROM daily_reasons
            WHERE local_date BETWEEN $1 AND $2 {CounterFilter(counterIds)}
            GROUP BY 1, 2;
            """, connection);
        AddRange(command, from, to, counterIds);
        var list = new List<ReasonCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(new ReasonCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return list;
    }

    public async Task<IReadOnlyList<RatingComment>> CommentsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds, int limit,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT local_date, counter_id, field_code, scale_id, score, comment FROM ratings
            WHERE comment IS NOT NULL AND NOT filtered AND local_date BETWEEN $1 AND $2 {CounterFilter(counterIds)}
            ORDER BY local_date, occurred_at, seq LIMIT {Math.Max(0, limit)};
            """, connection);
        AddRange(command, from, to, counterIds);
        var list = new List<RatingComment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new RatingComment(reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt32(4), reader.GetString(5)));
        return list;
    }

    private static string CounterFilter(IReadOnlyCollection<string>? counterIds) => counterIds is null ? "" : "AND counter_id = ANY($3)";

    private static void AddRange(NpgsqlCommand command, DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds)
    {
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });
        if (counterIds is not null) command.Parameters.Add(new() { Value = counterIds.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed == 1) return;
            _disposed = 1;
        }
        // The writer finishes what is waiting; then its connection goes back.
        SpinWait.SpinUntil(() => { lock (_gate) return !_writing; }, TimeSpan.FromSeconds(30));
        _writer?.Dispose();
        _writer = null;
    }
}
