using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Ratings;
using static ParSurvey.SurveyApi.Storage.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode with synchronous=FULL, so a committed transaction is on
/// disk before <see cref="AppendAsync"/> returns. Callers batch many ratings into one call (group commit) to share
/// the cost of that flush.
/// </summary>
public sealed class SqliteRatingStore(SqliteDatabase database) : IRatingStore, IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SqliteConnection? _writer;
    private WriteCommands? _commands;

    // Checkpoint every 4,000 WAL pages (16 MB) rather than SQLite's 1,000: ratings are keyed by random UUIDs, so nearly
    // every insert dirties another page of the id index, and a longer WAL lets a checkpoint copy each such page once for
    // many inserts instead of once for each. Measured: about 17 % less CPU per stored rating. Durability is unchanged.
    private const int WalAutoCheckpointPages = 4000;

    public SqliteRatingStore(string databasePath) : this(new SqliteDatabase(databasePath)) { }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await database.EnsureSchemaAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_writer is null)
            {
                _writer = await database.OpenAsync(cancellationToken);
                using var checkpoint = _writer.CreateCommand();
                checkpoint.CommandText = $"PRAGMA wal_autocheckpoint = {WalAutoCheckpointPages};";
                await checkpoint.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IReadOnlyList<AppendOutcome>> AppendAsync(IReadOnlyList<Rating> ratings, CancellationToken cancellationToken = default)
    {
        if (ratings.Count == 0) return [];
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = _writer ?? throw new InvalidOperationException("InitializeAsync was not called.");
            using var transaction = connection.BeginTransaction();
            var commands = _commands ??= new WriteCommands(connection);
            commands.Enlist(transaction);
            var outcomes = new AppendOutcome[ratings.Count];
            try
            {
                for (var i = 0; i < ratings.Count; i++) outcomes[i] = commands.Append(ratings[i]);
            }
            catch
            {
                // The statements may be left mid-step; prepare them afresh for the next batch.
                _commands = null;
                commands.Dispose();
                throw;
            }
            transaction.Commit();
            return outcomes;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private const string RatingColumns = """
        id, counter_id, unit_id, field_code, score, satisfied, channel, reasons, comment, procedure_code,
        submitted_at, received_at, occurred_at, local_date, content_hash, token_id
        """;

    public async Task<Rating?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RatingColumns} FROM ratings WHERE id = $id;";
        command.Parameters.AddWithValue("$id", IdText(id));
        return (await ReadRatingsAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Rating>> ListDayAsync(DateOnly localDate, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RatingColumns} FROM ratings WHERE local_date = $date ORDER BY occurred_at, id;";
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
                reader.GetInt32(4), reader.GetInt32(5) == 1, reader.GetString(6),
                JsonSerializer.Deserialize<string[]>(reader.GetString(7)) ?? [],
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : ParseInstant(reader.GetString(10)),
                ParseInstant(reader.GetString(11)), ParseInstant(reader.GetString(12)),
                DateOnly.ParseExact(reader.GetString(13), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                reader.GetString(14),
                reader.IsDBNull(15) ? null : reader.GetString(15)));
        return list;
    }

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
            SELECT {key}, score, satisfied, SUM(count)
            FROM daily_tallies
            WHERE local_date >= $from AND local_date <= $to {counterFilter}
            GROUP BY 1, 2, 3;
            """;
        command.Parameters.AddWithValue("$from", DateText(query.From));
        command.Parameters.AddWithValue("$to", DateText(query.To));
        if (query.CounterIds is not null) command.Parameters.AddWithValue("$counters", JsonSerializer.Serialize(query.CounterIds));
        var rows = new List<TallyCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(new TallyCount(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2) == 1, reader.GetInt64(3)));
        return rows;
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
            SELECT local_date, counter_id, field_code, score, comment FROM ratings INDEXED BY ix_ratings_comments
            WHERE comment IS NOT NULL AND local_date >= $from AND local_date <= $to {CounterFilter(command, counterIds)}
            ORDER BY local_date, occurred_at LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$from", DateText(from));
        command.Parameters.AddWithValue("$to", DateText(to));
        command.Parameters.AddWithValue("$limit", limit);
        var list = new List<RatingComment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new RatingComment(DateOnly.ParseExact(reader.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetString(1),
                reader.GetString(2), reader.GetInt32(3), reader.GetString(4)));
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
        _commands?.Dispose();
        _writer?.Dispose();
        _writeLock.Dispose();
    }

    private static string IdText(Guid id) => id.ToString("D");

    /// <summary>
    /// The statements of a batch, prepared once on the writer connection and reused by every batch (preparing them per
    /// batch cost a SQL parse per commit): the insert, the look-up of a stored id, and the daily roll-ups.
    /// </summary>
    private sealed class WriteCommands : IDisposable
    {
        private readonly SqliteCommand _insert, _existing, _rollup, _reasonRollup;
        private readonly SqliteParameter _id, _counter, _unit, _field, _score, _satisfied, _channel, _reasons, _comment,
            _procedure, _submitted, _received, _occurred, _date, _hash, _token, _existingId,
            _rDate, _rCounter, _rField, _rScore, _rSatisfied, _qDate, _qCounter, _qField, _qReason;

        public WriteCommands(SqliteConnection connection)
        {
            _insert = connection.CreateCommand();
            _insert.CommandText = """
                INSERT INTO ratings (id, counter_id, unit_id, field_code, score, satisfied, channel, reasons, comment,
                                     procedure_code, submitted_at, received_at, occurred_at, local_date, content_hash, token_id)
                VALUES ($id, $counter, $unit, $field, $score, $satisfied, $channel, $reasons, $comment,
                        $procedure, $submitted, $received, $occurred, $date, $hash, $token)
                ON CONFLICT DO NOTHING;
                """;
            SqliteParameter Add(SqliteCommand command, string name) => command.Parameters.Add(new SqliteParameter { ParameterName = name });
            (_id, _counter, _unit, _field, _score) = (Add(_insert, "$id"), Add(_insert, "$counter"), Add(_insert, "$unit"), Add(_insert, "$field"), Add(_insert, "$score"));
            (_satisfied, _channel, _reasons, _comment, _procedure) = (Add(_insert, "$satisfied"), Add(_insert, "$channel"), Add(_insert, "$reasons"), Add(_insert, "$comment"), Add(_insert, "$procedure"));
            (_submitted, _received, _occurred, _date, _hash, _token) = (Add(_insert, "$submitted"), Add(_insert, "$received"), Add(_insert, "$occurred"), Add(_insert, "$date"), Add(_insert, "$hash"), Add(_insert, "$token"));

            _existing = connection.CreateCommand();
            _existing.CommandText = "SELECT content_hash FROM ratings WHERE id = $id;";
            _existingId = Add(_existing, "$id");

            _rollup = connection.CreateCommand();
            _rollup.CommandText = """
                INSERT INTO daily_tallies (local_date, counter_id, field_code, score, satisfied, count)
                VALUES ($date, $counter, $field, $score, $satisfied, 1)
                ON CONFLICT DO UPDATE SET count = count + 1;
                """;
            (_rDate, _rCounter, _rField, _rScore, _rSatisfied) = (Add(_rollup, "$date"), Add(_rollup, "$counter"), Add(_rollup, "$field"), Add(_rollup, "$score"), Add(_rollup, "$satisfied"));

            _reasonRollup = connection.CreateCommand();
            _reasonRollup.CommandText = """
                INSERT INTO daily_reasons (local_date, counter_id, field_code, reason, count)
                VALUES ($date, $counter, $field, $reason, 1)
                ON CONFLICT DO UPDATE SET count = count + 1;
                """;
            (_qDate, _qCounter, _qField, _qReason) = (Add(_reasonRollup, "$date"), Add(_reasonRollup, "$counter"), Add(_reasonRollup, "$field"), Add(_reasonRollup, "$reason"));
        }

        public void Enlist(SqliteTransaction transaction)
        {
            _insert.Transaction = _existing.Transaction = _rollup.Transaction = _reasonRollup.Transaction = transaction;
        }

        public AppendOutcome Append(Rating r)
        {
            var id = IdText(r.Id);
            var date = DateText(r.LocalDate);
            _id.Value = id;
            _counter.Value = r.CounterId;
            _unit.Value = r.UnitId;
            _field.Value = r.FieldCode;
            _score.Value = r.Score;
            _satisfied.Value = r.Satisfied ? 1 : 0;
            _channel.Value = r.Channel;
            _reasons.Value = r.Reasons.Count == 0 ? "[]" : JsonSerializer.Serialize(r.Reasons);
            _comment.Value = (object?)r.Comment ?? DBNull.Value;
            _procedure.Value = (object?)r.ProcedureCode ?? DBNull.Value;
            _submitted.Value = r.SubmittedAt is { } s ? InstantText(s) : DBNull.Value;
            _received.Value = InstantText(r.ReceivedAt);
            _occurred.Value = InstantText(r.OccurredAt);
            _date.Value = date;
            _hash.Value = r.ContentHash;
            _token.Value = (object?)r.TokenId ?? DBNull.Value;
            if (_insert.ExecuteNonQuery() == 1)
            {
                (_rDate.Value, _rCounter.Value, _rField.Value, _rScore.Value, _rSatisfied.Value) = (date, r.CounterId, r.FieldCode, r.Score, r.Satisfied ? 1 : 0);
                _rollup.ExecuteNonQuery();
                foreach (var reason in r.Reasons)
                {
                    (_qDate.Value, _qCounter.Value, _qField.Value, _qReason.Value) = (date, r.CounterId, r.FieldCode, reason);
                    _reasonRollup.ExecuteNonQuery();
                }
                return AppendOutcome.Created;
            }
            _existingId.Value = id;
            var storedHash = (string?)_existing.ExecuteScalar();
            // Nothing under this id: the insert was stopped by the one-rating-per-token index instead.
            return storedHash is null ? AppendOutcome.TokenUsed
                : storedHash == r.ContentHash ? AppendOutcome.Duplicate : AppendOutcome.Conflict;
        }

        public void Dispose()
        {
            _insert.Dispose();
            _existing.Dispose();
            _rollup.Dispose();
            _reasonRollup.Dispose();
        }
    }
}
