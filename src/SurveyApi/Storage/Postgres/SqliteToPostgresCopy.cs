using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using ParSurvey.SurveyApi.Storage.Sqlite;

namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>
/// Copies a ward's SQLite file into an empty PostgreSQL database (a ward moving to the city's server): every rating in
/// arrival order with its meaning as stored, the daily roll-ups as they are (so every report reads the same), the press
/// filter's marks, staff, sessions, devices, tokens, invitations, QR keys and posters, the audit log, the archive
/// with its files, report jobs' progress, citizens' feedback with its contacts, and the e-mail outbox. The sign-in keys come along too (data_protection_keys), so a
/// ward's staff stay signed in on the city's servers. One transaction: the target gets all of it or nothing. The uploaded
/// catalog is not copied: the city's servers have the city's catalog (upload the ward's units into it from the console).
/// </summary>
public static class SqliteToPostgresCopy
{
    private enum Kind { Text, Uuid, Int, Long, Bool, Instant, Date, Json, Bytes, TextArray }

    private sealed record Table(string Name, string OrderBy, params (string Column, Kind Kind)[] Columns);

    private static readonly Table[] Tables =
    [
        new("ratings", "seq",
            ("id", Kind.Uuid), ("counter_id", Kind.Text), ("unit_id", Kind.Text), ("field_code", Kind.Text), ("scale_id", Kind.Text),
            ("score", Kind.Int), ("level_group", Kind.Text), ("satisfied", Kind.Bool), ("channel", Kind.Text), ("reasons", Kind.Json),
            ("comment", Kind.Text), ("procedure_code", Kind.Text), ("submitted_at", Kind.Instant), ("received_at", Kind.Instant),
            ("occurred_at", Kind.Instant), ("local_date", Kind.Date), ("content_hash", Kind.Text), ("token_id", Kind.Text),
            ("device_id", Kind.Text), ("filtered", Kind.Bool)),
        new("daily_tallies", "1, 2, 3, 4, 5, 6",
            ("local_date", Kind.Date), ("counter_id", Kind.Text), ("field_code", Kind.Text), ("scale_id", Kind.Text), ("score", Kind.Int),
            ("level_group", Kind.Text), ("count", Kind.Long)),
        new("daily_reasons", "1, 2, 3, 4",
            ("local_date", Kind.Date), ("counter_id", Kind.Text), ("field_code", Kind.Text), ("reason", Kind.Text), ("count", Kind.Long)),
        new("daily_filtered", "1, 2, 3", ("local_date", Kind.Date), ("counter_id", Kind.Text), ("field_code", Kind.Text), ("count", Kind.Long)),
        new("device_marks", "1", ("device_id", Kind.Text), ("last_counted_at", Kind.Instant)),
        new("report_archive", "created_at, id",
            ("id", Kind.Uuid), ("unit_id", Kind.Text), ("period_key", Kind.Text), ("format", Kind.Text), ("file_name", Kind.Text),
            ("sha256", Kind.Text), ("size", Kind.Long), ("created_at", Kind.Instant), ("created_by", Kind.Text)),
        new("report_files", "id", ("id", Kind.Uuid), ("content", Kind.Bytes)),
        new("staff", "created_at, id",
            ("id", Kind.Uuid), ("email", Kind.Text), ("display_name", Kind.Text), ("role", Kind.Text), ("unit_id", Kind.Text),
            ("password_hash", Kind.Text), ("must_change", Kind.Bool), ("failed_logins", Kind.Int), ("locked_until", Kind.Instant),
            ("disabled", Kind.Bool), ("created_at", Kind.Instant)),
        new("devices", "created_at, id",
            ("id", Kind.Uuid), ("counter_id", Kind.Text), ("name", Kind.Text), ("pairing_code_hash", Kind.Text), ("pairing_expires_at", Kind.Instant),
            ("key_hash", Kind.Text), ("created_at", Kind.Instant), ("created_by", Kind.Text), ("paired_at", Kind.Instant), ("revoked_at", Kind.Instant),
            ("last_seen_at", Kind.Instant), ("pending", Kind.Int), ("page_version", Kind.Text)),
        new("audit", "id",
            ("id", Kind.Long), ("at", Kind.Instant), ("actor", Kind.Text), ("action", Kind.Text), ("target", Kind.Text), ("details", Kind.Text)),
        new("staff_invitations", "token_hash",
            ("token_hash", Kind.Text), ("staff_id", Kind.Uuid), ("expires_at", Kind.Instant), ("used_at", Kind.Instant)),
        new("api_tokens", "created_at, id",
            ("id", Kind.Uuid), ("staff_id", Kind.Uuid), ("name", Kind.Text), ("token_hash", Kind.Text), ("created_at", Kind.Instant),
            ("created_by", Kind.Text), ("last_used_at", Kind.Instant), ("revoked_at", Kind.Instant)),
        new("staff_sessions", "created_at, id",
            ("id", Kind.Uuid), ("staff_id", Kind.Uuid), ("created_at", Kind.Instant), ("last_seen_at", Kind.Instant), ("client", Kind.Text),
            ("ended_at", Kind.Instant), ("ended_by", Kind.Text), ("end_reason", Kind.Text)),
        new("data_protection_keys", "added_at, name", ("name", Kind.Text), ("xml", Kind.Text), ("added_at", Kind.Instant)),
        new("qr_keys", "created_at, id",
            ("id", Kind.Text), ("secret", Kind.Text), ("created_at", Kind.Instant), ("created_by", Kind.Text), ("retired_at", Kind.Instant),
            ("retired_by", Kind.Text)),
        new("qr_posters", "created_at, id",
            ("id", Kind.Uuid), ("counter_id", Kind.Text), ("unit_id", Kind.Text), ("created_at", Kind.Instant), ("created_by", Kind.Text),
            ("revoked_at", Kind.Instant), ("revoked_by", Kind.Text)),
        new("job_states", "started_at, id",
            ("id", Kind.Uuid), ("period_key", Kind.Text), ("state", Kind.Text), ("done", Kind.Int), ("total", Kind.Int), ("error", Kind.Text),
            ("started_at", Kind.Instant)),
        new("feedback", "received_at, id",
            ("id", Kind.Uuid), ("code", Kind.Text), ("unit_id", Kind.Text), ("counter_id", Kind.Text), ("category", Kind.Text), ("text", Kind.Text),
            ("channel", Kind.Text), ("received_at", Kind.Instant), ("due_date", Kind.Date), ("status", Kind.Text), ("assigned_unit_id", Kind.Text),
            ("assigned_to", Kind.Text), ("answer", Kind.Text), ("answered_at", Kind.Instant), ("answered_by", Kind.Text),
            ("published_at", Kind.Instant), ("closed_reason", Kind.Text), ("closed_at", Kind.Instant)),
        new("feedback_contacts", "feedback_id", ("feedback_id", Kind.Uuid), ("contact", Kind.Text), ("consent_at", Kind.Instant)),
        new("mail_outbox", "created_at, id",
            ("id", Kind.Uuid), ("kind", Kind.Text), ("about", Kind.Text), ("recipients", Kind.TextArray), ("subject", Kind.Text), ("body", Kind.Text),
            ("created_at", Kind.Instant), ("attempts", Kind.Int), ("next_attempt_at", Kind.Instant), ("sent_at", Kind.Instant),
            ("last_error", Kind.Text), ("state", Kind.Text)),
        new("settings", "name", ("name", Kind.Text), ("value", Kind.Text), ("changed_at", Kind.Instant), ("changed_by", Kind.Text)),
    ];

    /// <summary>
    /// SQLite's own bookkeeping that PostgreSQL does without: the id index of older ratings (PostgreSQL keys ratings by
    /// id) and its mark. Every other table of the SQLite schema is copied (a test holds the two lists to the schema).
    /// </summary>
    public static readonly IReadOnlyList<string> NotCopied = ["rating_ids", "store_marks"];

    public static IEnumerable<string> CopiedTables => Tables.Select(t => t.Name);

    /// <summary><c>copy-to-postgres --from data/parsurvey.db --to "Host=…;Database=…;Username=…;Password=…"</c>; 0 on success.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        string? from = null, to = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--from" && i + 1 < args.Length) from = args[++i];
            else if (args[i] == "--to" && i + 1 < args.Length) to = args[++i];
            else
            {
                await errors.WriteLineAsync($"copy-to-postgres: unknown argument '{args[i]}'. Usage: copy-to-postgres --from data/parsurvey.db --to \"Host=…;Database=…;Username=…;Password=…\"");
                return 2;
            }
        }
        if (from is null || to is null)
        {
            await errors.WriteLineAsync("copy-to-postgres: both --from (the SQLite file) and --to (a PostgreSQL connection string) are required");
            return 2;
        }
        try
        {
            var counts = await CopyAsync(from, to, CancellationToken.None);
            foreach (var (table, count) in counts) await output.WriteLineAsync($"{table}: {count.ToString(CultureInfo.InvariantCulture)}");
            await output.WriteLineAsync($"copy-to-postgres: {from} copied into {new PostgresDatabase(to).Describe}");
            return 0;
        }
        catch (Exception e) when (e is InvalidOperationException or NpgsqlException or SqliteException or ArgumentException or IOException)
        {
            await errors.WriteLineAsync($"copy-to-postgres: nothing was copied: {e.Message}");
            return 1;
        }
    }

    /// <returns>Rows copied per table.</returns>
    public static async Task<IReadOnlyList<(string Table, long Rows)>> CopyAsync(string sqlitePath, string connectionString, CancellationToken cancellationToken)
    {
        if (!File.Exists(sqlitePath)) throw new IOException($"--from: no SQLite file at {Path.GetFullPath(sqlitePath)}");
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await source.OpenAsync(cancellationToken);
        await using (var version = new SqliteCommand("PRAGMA user_version;", source))
        {
            var found = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (found != SqliteDatabase.SchemaVersion)
                throw new InvalidOperationException(
                    $"--from: {sqlitePath} has schema version {found}, this program copies version {SqliteDatabase.SchemaVersion}: start the server once on it so that it is upgraded, then copy");
        }
        // One snapshot of the source, even if a server still writes to it.
        await using var snapshot = source.BeginTransaction(deferred: true);

        await using var database = new PostgresDatabase(connectionString);
        await database.EnsureSchemaAsync(cancellationToken);
        await using var target = await database.OpenAsync(cancellationToken);
        await using var transaction = await target.BeginTransactionAsync(cancellationToken);
        await using (var check = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM ratings) OR EXISTS (SELECT 1 FROM staff) OR EXISTS (SELECT 1 FROM devices) OR EXISTS (SELECT 1 FROM audit) " +
            "OR EXISTS (SELECT 1 FROM feedback) OR EXISTS (SELECT 1 FROM report_archive);", target, transaction))
        {
            if ((bool)(await check.ExecuteScalarAsync(cancellationToken))!)
                throw new InvalidOperationException($"--to: the PostgreSQL database {database.Describe} holds data already; copy into an empty database");
        }
        var counts = new List<(string, long)>();
        foreach (var table in Tables) counts.Add((table.Name, await CopyTableAsync(source, snapshot, target, table, cancellationToken)));
        counts.Add(("report_files (from data/reports/)", await CopyLegacyReportFilesAsync(sqlitePath, target, transaction, cancellationToken)));
        await using (var identity = new NpgsqlCommand(
            "SELECT setval(pg_get_serial_sequence('audit', 'id'), COALESCE((SELECT MAX(id) FROM audit), 0) + 1, false);", target, transaction))
            await identity.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    /// <summary>
    /// Archived files that an older version kept under data/reports/ beside the SQLite file and no server has read since
    /// (they move into the store on first read): taken from there, checked against their entry's checksum.
    /// </summary>
    private static async Task<long> CopyLegacyReportFilesAsync(string sqlitePath, NpgsqlConnection target, NpgsqlTransaction transaction,
        CancellationToken cancellationToken)
    {
        var entries = new List<ArchivedReport>();
        await using (var missing = new NpgsqlCommand(
            "SELECT a.id, a.unit_id, a.period_key, a.format, a.file_name, a.sha256, a.size, a.created_at, a.created_by FROM report_archive a " +
            "WHERE NOT EXISTS (SELECT 1 FROM report_files f WHERE f.id = a.id);", target, transaction))
        await using (var reader = await missing.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                entries.Add(new ArchivedReport(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetInt64(6), PostgresDatabase.Instant(reader, 7), reader.GetString(8)));
        var legacy = new SqliteReportArchive(new SqliteDatabase(sqlitePath));
        long copied = 0;
        foreach (var entry in entries)
        {
            if (legacy.LegacyFile(entry) is not { } content) continue;
            await using var insert = new NpgsqlCommand("INSERT INTO report_files (id, content) VALUES ($1, $2);", target, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = entry.Id });
            insert.Parameters.Add(new NpgsqlParameter { Value = content, NpgsqlDbType = NpgsqlDbType.Bytea });
            await insert.ExecuteNonQueryAsync(cancellationToken);
            copied++;
        }
        return copied;
    }

    private static async Task<long> CopyTableAsync(SqliteConnection source, SqliteTransaction snapshot, NpgsqlConnection target, Table table,
        CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Columns.Select(c => c.Column));
        await using var read = new SqliteCommand($"SELECT {columns} FROM {table.Name} ORDER BY {table.OrderBy};", source, snapshot);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        // COPY writes identity columns (the audit ids) as given.
        await using var writer = await target.BeginBinaryImportAsync($"COPY {table.Name} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            await writer.StartRowAsync(cancellationToken);
            for (var i = 0; i < table.Columns.Length; i++)
            {
                if (reader.IsDBNull(i))
                {
                    await writer.WriteNullAsync(cancellationToken);
                    continue;
                }
                switch (table.Columns[i].Kind)
                {
                    case Kind.Text: await writer.WriteAsync(reader.GetString(i), NpgsqlDbType.Text, cancellationToken); break;
                    case Kind.Uuid: await writer.WriteAsync(Guid.Parse(reader.GetString(i)), NpgsqlDbType.Uuid, cancellationToken); break;
                    case Kind.Int: await writer.WriteAsync(reader.GetInt32(i), NpgsqlDbType.Integer, cancellationToken); break;
                    case Kind.Long: await writer.WriteAsync(reader.GetInt64(i), NpgsqlDbType.Bigint, cancellationToken); break;
                    case Kind.Bool: await writer.WriteAsync(reader.GetInt64(i) != 0, NpgsqlDbType.Boolean, cancellationToken); break;
                    case Kind.Instant:
                        await writer.WriteAsync(SqliteDatabase.ParseInstant(reader.GetString(i)).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                        break;
                    case Kind.Date:
                        await writer.WriteAsync(DateOnly.ParseExact(reader.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date, cancellationToken);
                        break;
                    case Kind.Json: await writer.WriteAsync(reader.GetString(i), NpgsqlDbType.Jsonb, cancellationToken); break;
                    case Kind.TextArray: // SQLite keeps a JSON array of strings
                        await writer.WriteAsync(System.Text.Json.JsonSerializer.Deserialize<string[]>(reader.GetString(i)) ?? [],
                            NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
                        break;
                    case Kind.Bytes: await writer.WriteAsync(reader.GetFieldValue<byte[]>(i), NpgsqlDbType.Bytea, cancellationToken); break;
                }
            }
            rows++;
        }
        await writer.CompleteAsync(cancellationToken);
        return rows;
    }
}
