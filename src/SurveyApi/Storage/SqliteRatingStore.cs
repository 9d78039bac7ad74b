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

    public SqliteRatingStore(string databasePath) : this(new SqliteDatabase(databasePath)) { }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await database.EnsureSchemaAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _writer ??= await database.OpenAsync(cancellationToken);
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
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO ratings (id, counter_id, unit_id, field_code, score, satisfied, channel, reasons, comment,
                                     procedure_code, submitted_at, received_at, occurred_at, local_date, content_hash, token_id)
                VALUES ($id, $counter, $unit, $field, $score, $satisfied, $channel, $reasons, $comment,
                        $procedure, $submitted, $received, $occurred, $date, $hash, $token)
                ON CONFLICT DO NOTHING;
                """;
            var p = new Dictionary<string, SqliteParameter>();
            foreach (var name in new[] { "$id", "$counter", "$unit", "$field", "$score", "$satisfied", "$channel", "$reasons",
                         "$comment", "$procedure", "$submitted", "$received", "$occurred", "$date", "$hash", "$token" })
                p[name] = insert.Parameters.Add(new SqliteParameter { ParameterName = name });
            insert.Prepare();

            using var rollup = connection.CreateCommand();
            rollup.Transaction = transaction;
            rollup.CommandText = """
                INSERT INTO daily_tallies (local_date, counter_id, field_code, score, satisfied, count)
                VALUES ($date, $counter, $field, $score, $satisfied, 1)
                ON CONFLICT DO UPDATE SET count = count + 1;
                """;
            var r_ = new Dictionary<string, SqliteParameter>();
            foreach (var name in new[] { "$date", "$counter", "$field", "$score", "$satisfied" })
                r_[name] = rollup.Parameters.Add(new SqliteParameter { ParameterName = name });
            using var reasonRollup = connection.CreateCommand();
            reasonRollup.Transaction = transaction;
            reasonRollup.CommandText = """
                INSERT INTO daily_reasons (local_date, counter_id, field_code, reason, count)
                VALUES ($date, $counter, $field, $reason, 1)
                ON CONFLICT DO UPDATE SET count = count + 1;
                """;
            var q_ = new Dictionary<string, SqliteParameter>();
            foreach (var name in new[] { "$date", "$counter", "$field", "$reason" })
                q_[name] = reasonRollup.Parameters.Add(new SqliteParameter { ParameterName = name });

            using var existing = connection.CreateCommand();
            existing.Transaction = transaction;
            existing.CommandText = "SELECT content_hash FROM ratings WHERE id = $id;";
            var existingId = existing.Parameters.Add(new SqliteParameter { ParameterName = "$id" });

            var outcomes = new AppendOutcome[ratings.Count];
            for (var i = 0; i < ratings.Count; i++)
            {
                var r = ratings[i];
                var id = IdText(r.Id);
                p["$id"].Value = id;
                p["$counter"].Value = r.CounterId;
                p["$unit"].Value = r.UnitId;
                p["$field"].Value = r.FieldCode;
                p["$score"].Value = r.Score;
                p["$satisfied"].Value = r.Satisfied ? 1 : 0;
                p["$channel"].Value = r.Channel;
                p["$reasons"].Value = JsonSerializer.Serialize(r.Reasons);
                p["$comment"].Value = (object?)r.Comment ?? DBNull.Value;
                p["$procedure"].Value = (object?)r.ProcedureCode ?? DBNull.Value;
                p["$submitted"].Value = r.SubmittedAt is { } s ? InstantText(s) : DBNull.Value;
                p["$received"].Value = InstantText(r.ReceivedAt);
                p["$occurred"].Value = InstantText(r.OccurredAt);
                p["$date"].Value = DateText(r.LocalDate);
                p["$hash"].Value = r.ContentHash;
                p["$token"].Value = (object?)r.TokenId ?? DBNull.Value;
                if (insert.ExecuteNonQuery() == 1)
                {
                    outcomes[i] = AppendOutcome.Created;
                    var date = DateText(r.LocalDate);
                    r_["$date"].Value = date;
                    r_["$counter"].Value = r.CounterId;
                    r_["$field"].Value = r.FieldCode;
                    r_["$score"].Value = r.Score;
                    r_["$satisfied"].Value = r.Satisfied ? 1 : 0;
                    rollup.ExecuteNonQuery();
                    foreach (var reason in r.Reasons)
                    {
                        q_["$date"].Value = date;
                        q_["$counter"].Value = r.CounterId;
                        q_["$field"].Value = r.FieldCode;
                        q_["$reason"].Value = reason;
                        reasonRollup.ExecuteNonQuery();
                    }
                    continue;
                }
                existingId.Value = id;
                var storedHash = (string?)existing.ExecuteScalar();
                // Nothing under this id: the insert was stopped by the one-rating-per-token index instead.
                outcomes[i] = storedHash is null ? AppendOutcome.TokenUsed
                    : storedHash == r.ContentHash ? AppendOutcome.Duplicate : AppendOutcome.Conflict;
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
        _writer?.Dispose();
        _writeLock.Dispose();
    }

    private static string IdText(Guid id) => id.ToString("D");
}
