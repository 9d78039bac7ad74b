using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Ratings;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

/// <summary>A stored rating's place in arrival order, its content fingerprint (enough to tell a retry from a reused id) and whether it was filtered.</summary>
internal readonly record struct StoredId(long Seq, string ContentHash, bool Filtered);

/// <summary>
/// The ids of the ratings stored after the last merge into <c>rating_ids</c>, in memory. Clients send random UUIDs, so
/// an index of ids written with every batch dirtied one page per rating at a random place (a 4 KB WAL frame, a
/// checkpoint copy and its share of the flush), which made the id index the largest part of a rating's cost. Recent
/// ids are looked up here instead and merged into the index in one large sorted batch, which writes each index page
/// once for many ids. The ratings themselves are in the table from their batch's commit on; this list is rebuilt from
/// the rows after the mark at start-up.
/// </summary>
internal sealed class RecentRatingIds
{
    private readonly ConcurrentDictionary<Guid, StoredId> _ids = new();

    public int Count => _ids.Count;

    public bool TryGet(Guid id, out StoredId stored) => _ids.TryGetValue(id, out stored);

    public void Add(Guid id, StoredId stored) => _ids[id] = stored;

    /// <summary>After a merge every recent id is in the index: the merge runs under the write lock, so none came meanwhile.</summary>
    public void Clear() => _ids.Clear();
}

/// <summary>
/// The statements of a batch, prepared once on the writer connection and reused by every batch: the look-up of a merged
/// id, the insert, the daily roll-ups and the merge. The first three run for every rating, so they bind their values by
/// position straight through SQLitePCL (a <see cref="SqliteCommand"/> looks every parameter up by name and opens a
/// data reader on each execution; in the ingest profile that binding and reader work showed beside SQLite's own).
/// </summary>
internal sealed class SqliteRatingWriteCommands : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly PreparedStatement _insert, _stored, _rollup, _reasonRollup, _filteredRollup, _deviceMark;
    private readonly SqliteCommand _merge;

    public SqliteRatingWriteCommands(SqliteConnection connection)
    {
        _connection = connection;
        // The only constraint left to stop an insert is the one-rating-per-dossier-link index.
        _insert = new PreparedStatement(connection, $"""
            INSERT INTO ratings ({RatingColumnList})
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
            ON CONFLICT DO NOTHING;
            """);
        _stored = new PreparedStatement(connection,
            "SELECT r.seq, r.content_hash, r.filtered FROM rating_ids i JOIN ratings r ON r.seq = i.seq WHERE i.id = ?1;");
        _rollup = new PreparedStatement(connection, """
            INSERT INTO daily_tallies (local_date, counter_id, field_code, scale_id, score, level_group, count)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            ON CONFLICT DO UPDATE SET count = count + excluded.count;
            """);
        _filteredRollup = new PreparedStatement(connection, """
            INSERT INTO daily_filtered (local_date, counter_id, field_code, count)
            VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT DO UPDATE SET count = count + excluded.count;
            """);
        _deviceMark = new PreparedStatement(connection, """
            INSERT INTO device_marks (device_id, last_counted_at) VALUES (?1, ?2)
            ON CONFLICT DO UPDATE SET last_counted_at = MAX(last_counted_at, excluded.last_counted_at);
            """);
        _reasonRollup = new PreparedStatement(connection, """
            INSERT INTO daily_reasons (local_date, counter_id, field_code, reason, count)
            VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT DO UPDATE SET count = count + excluded.count;
            """);
        _merge = connection.CreateCommand();
        _merge.CommandText = """
            INSERT INTO rating_ids (id, seq)
            SELECT id, seq FROM ratings WHERE seq > (SELECT value FROM store_marks WHERE name = 'rating_ids') ORDER BY id;
            UPDATE store_marks SET value = (SELECT IFNULL(MAX(seq), 0) FROM ratings) WHERE name = 'rating_ids';
            """;
    }

    public void Enlist(SqliteTransaction transaction) => _merge.Transaction = transaction;

    /// <summary>A rating stored before the last merge, found through the id index.</summary>
    public StoredId? FindMerged(Guid id)
    {
        _stored.Bind(1, IdText(id));
        try
        {
            return _stored.Step() ? new StoredId(_stored.Int64(0), _stored.Text(1), _stored.Int64(2) == 1) : null;
        }
        finally
        {
            _stored.Reset();
        }
    }

    /// <returns>The new rating's seq, or null when a rating through the same one-time link is stored already.</returns>
    public long? Insert(Rating r)
    {
        var s = _insert;
        s.Bind(1, IdText(r.Id));
        s.Bind(2, r.CounterId);
        s.Bind(3, r.UnitId);
        s.Bind(4, r.FieldCode);
        s.Bind(5, r.Score);
        s.Bind(6, r.Satisfied ? 1 : 0);
        s.Bind(7, r.Channel);
        s.Bind(8, r.Reasons.Count == 0 ? "[]" : JsonSerializer.Serialize(r.Reasons));
        s.Bind(9, r.Comment);
        s.Bind(10, r.ProcedureCode);
        s.Bind(11, r.SubmittedAt is { } submitted ? InstantText(submitted) : null);
        s.Bind(12, InstantText(r.ReceivedAt));
        s.Bind(13, InstantText(r.OccurredAt));
        s.Bind(14, DateText(r.LocalDate));
        s.Bind(15, r.ContentHash);
        s.Bind(16, r.TokenId);
        s.Bind(17, r.ScaleId);
        s.Bind(18, r.Group.Code());
        s.Bind(19, r.DeviceId);
        s.Bind(20, r.Filtered ? 1 : 0);
        s.Run();
        return raw.sqlite3_changes(_connection.Handle) == 1 ? raw.sqlite3_last_insert_rowid(_connection.Handle) : null;
    }

    /// <summary>The day's roll-ups, one statement per distinct row of the batch rather than one per rating.</summary>
    public void AddToRollups(RollupBatch rollups)
    {
        foreach (var ((date, counter, field, scale, score, group), count) in rollups.Tallies)
        {
            _rollup.Bind(1, DateText(date));
            _rollup.Bind(2, counter);
            _rollup.Bind(3, field);
            _rollup.Bind(4, scale);
            _rollup.Bind(5, score);
            _rollup.Bind(6, group.Code());
            _rollup.Bind(7, count);
            _rollup.Run();
        }
        foreach (var ((date, counter, field), count) in rollups.Filtered)
        {
            _filteredRollup.Bind(1, DateText(date));
            _filteredRollup.Bind(2, counter);
            _filteredRollup.Bind(3, field);
            _filteredRollup.Bind(4, count);
            _filteredRollup.Run();
        }
        foreach (var ((date, counter, field, reason), count) in rollups.Reasons)
        {
            _reasonRollup.Bind(1, DateText(date));
            _reasonRollup.Bind(2, counter);
            _reasonRollup.Bind(3, field);
            _reasonRollup.Bind(4, reason);
            _reasonRollup.Bind(5, count);
            _reasonRollup.Run();
        }
    }

    /// <summary>Keeps a device's latest counted rating time (the later of the stored one and this), for the press filter after a restart.</summary>
    public void MarkDevice(string deviceId, DateTimeOffset lastCounted)
    {
        _deviceMark.Bind(1, deviceId);
        _deviceMark.Bind(2, InstantText(lastCounted));
        _deviceMark.Run();
    }

    /// <summary>Indexes the ids of every rating after the mark, in id order, and moves the mark to the last rating.</summary>
    public void MergeRecentIds() => _merge.ExecuteNonQuery();

    public void Dispose()
    {
        _insert.Dispose();
        _stored.Dispose();
        _rollup.Dispose();
        _reasonRollup.Dispose();
        _filteredRollup.Dispose();
        _deviceMark.Dispose();
        _merge.Dispose();
    }

    public static string IdText(Guid id) => id.ToString("D");

    /// <summary>One SQL statement prepared on a connection, its values bound by position (?1, ?2, …).</summary>
    private sealed class PreparedStatement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;

        public PreparedStatement(SqliteConnection connection, string sql)
        {
            _db = connection.Handle!;
            Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        }

        public void Bind(int index, string? value) =>
            Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text(_statement, index, value));

        public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

        /// <returns>true when a row is there to read.</returns>
        public bool Step()
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW) return true;
            if (rc == raw.SQLITE_DONE) return false;
            raw.sqlite3_reset(_statement);
            SqliteException.ThrowExceptionForRC(rc, _db);
            return false;
        }

        /// <summary>Runs a statement that returns no rows, ready to run again.</summary>
        public void Run()
        {
            try
            {
                Step();
            }
            finally
            {
                Reset();
            }
        }

        public void Reset() => raw.sqlite3_reset(_statement);

        public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

        public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

        public void Dispose() => _statement.Dispose();

        private void Check(int rc)
        {
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
