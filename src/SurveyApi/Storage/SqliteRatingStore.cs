using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Ratings;

namespace ParSurvey.SurveyApi.Storage;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode with synchronous=FULL, so a committed transaction is on
/// disk before <see cref="AppendAsync"/> returns. Callers batch many ratings into one call (group commit) to share
/// the cost of that flush.
/// </summary>
public sealed class SqliteRatingStore : IRatingStore, IDisposable
{
    private const int SchemaVersion = 1;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SqliteConnection? _writer;

    public SqliteRatingStore(string databasePath)
    {
        DatabasePath = databasePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string DatabasePath { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(DatabasePath))!);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _writer ??= await OpenAsync(cancellationToken);
            using var version = _writer.CreateCommand();
            version.CommandText = "PRAGMA user_version;";
            var current = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (current > SchemaVersion)
                throw new InvalidOperationException($"The database {DatabasePath} has schema version {current}, newer than this program ({SchemaVersion}).");
            if (current < 1)
            {
                using var create = _writer.CreateCommand();
                create.CommandText = """
                    CREATE TABLE IF NOT EXISTS ratings (
                        id             TEXT    NOT NULL PRIMARY KEY,
                        counter_id     TEXT    NOT NULL,
                        unit_id        TEXT    NOT NULL,
                        field_code     TEXT    NOT NULL,
                        score          INTEGER NOT NULL,
                        satisfied      INTEGER NOT NULL,
                        channel        TEXT    NOT NULL,
                        reasons        TEXT    NOT NULL,
                        comment        TEXT,
                        procedure_code TEXT,
                        submitted_at   TEXT,
                        received_at    TEXT    NOT NULL,
                        occurred_at    TEXT    NOT NULL,
                        local_date     TEXT    NOT NULL,
                        content_hash   TEXT    NOT NULL
                    );
                    CREATE INDEX IF NOT EXISTS ix_ratings_local_date ON ratings (local_date, counter_id);
                    PRAGMA user_version = 1;
                    """;
                await create.ExecuteNonQueryAsync(cancellationToken);
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
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO ratings (id, counter_id, unit_id, field_code, score, satisfied, channel, reasons, comment,
                                     procedure_code, submitted_at, received_at, occurred_at, local_date, content_hash)
                VALUES ($id, $counter, $unit, $field, $score, $satisfied, $channel, $reasons, $comment,
                        $procedure, $submitted, $received, $occurred, $date, $hash)
                ON CONFLICT (id) DO NOTHING;
                """;
            var p = new Dictionary<string, SqliteParameter>();
            foreach (var name in new[] { "$id", "$counter", "$unit", "$field", "$score", "$satisfied", "$channel", "$reasons",
                         "$comment", "$procedure", "$submitted", "$received", "$occurred", "$date", "$hash" })
                p[name] = insert.Parameters.Add(new SqliteParameter { ParameterName = name });
            insert.Prepare();

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
                if (insert.ExecuteNonQuery() == 1)
                {
                    outcomes[i] = AppendOutcome.Created;
                    continue;
                }
                existingId.Value = id;
                var storedHash = (string?)existing.ExecuteScalar();
                outcomes[i] = storedHash == r.ContentHash ? AppendOutcome.Duplicate : AppendOutcome.Conflict;
            }
            transaction.Commit();
            return outcomes;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<Rating?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, counter_id, unit_id, field_code, score, satisfied, channel, reasons, comment, procedure_code,
                   submitted_at, received_at, occurred_at, local_date, content_hash
            FROM ratings WHERE id = $id;
            """;
        command.Parameters.AddWithValue("$id", IdText(id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new Rating(
            Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.GetInt32(4), reader.GetInt32(5) == 1, reader.GetString(6),
            JsonSerializer.Deserialize<string[]>(reader.GetString(7)) ?? [],
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.IsDBNull(9) ? null : reader.GetString(9),
            reader.IsDBNull(10) ? null : ParseInstant(reader.GetString(10)),
            ParseInstant(reader.GetString(11)), ParseInstant(reader.GetString(12)),
            DateOnly.ParseExact(reader.GetString(13), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            reader.GetString(14));
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
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
            _ => "''",
        };
        await using var connection = await OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var counterFilter = query.CounterIds is null ? "" : "AND counter_id IN (SELECT value FROM json_each($counters))";
        command.CommandText = $"""
            SELECT {key}, score, satisfied, COUNT(*)
            FROM ratings
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

    public void Dispose()
    {
        _writer?.Dispose();
        _writeLock.Dispose();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        using var pragmas = connection.CreateCommand();
        // WAL lets readers run beside the writer; FULL makes every commit reach the disk before it returns.
        pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static string IdText(Guid id) => id.ToString("D");
    private static string InstantText(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    private static DateTimeOffset ParseInstant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    private static string DateText(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
