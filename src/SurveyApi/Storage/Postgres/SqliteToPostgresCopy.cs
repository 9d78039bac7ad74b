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
    /// <summary>
    /// Every table outside SQLite's bookkeeping, in the order it is copied, with the order its rows are read in. The columns
    /// and their types are the target's (information_schema), so a table is copied as its schema step created it; only the
    /// ratings' seq is left to PostgreSQL, which numbers them again in the order they are copied.
    /// </summary>
    private static readonly (string Name, string OrderBy)[] Tables =
    [
        ("ratings", "seq"), ("daily_tallies", "1, 2, 3, 4, 5, 6"), ("daily_reasons", "1, 2, 3, 4"), ("daily_filtered", "1, 2, 3"),
        ("device_marks", "1"), ("report_archive", "created_at, id"), ("report_files", "id"), ("staff", "created_at, id"),
        ("devices", "created_at, id"), ("audit", "id"), ("staff_invitations", "token_hash"), ("api_tokens", "created_at, id"),
        ("staff_sessions", "created_at, id"), ("data_protection_keys", "added_at, name"), ("qr_keys", "created_at, id"),
        ("qr_posters", "created_at, id"), ("job_states", "started_at, id"), ("feedback", "received_at, id"), ("feedback_contacts", "feedback_id"),
        ("mail_outbox", "created_at, id"), ("settings", "name"),
    ];

    /// <summary>
    /// SQLite's own bookkeeping that PostgreSQL does without: the id index of older ratings (PostgreSQL keys ratings by
    /// id) and its mark. Every other table of the SQLite schema is copied (a test holds the two lists to the schema).
    /// </summary>
    public static readonly IReadOnlyList<string> NotCopied = ["rating_ids", "store_marks"];

    public static IEnumerable<string> CopiedTables => Tables.Select(t => t.Name);

    /// <summary>The target table's columns (all but the ratings' seq) and their types, in the table's order.</summary>
    private static async Task<(string Column, string Type)[]> ColumnsAsync(NpgsqlConnection target, NpgsqlTransaction transaction, string table,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT column_name, udt_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 AND NOT (table_name = 'ratings' AND column_name = 'seq')
            ORDER BY ordinal_position;
            """, target, transaction) { Parameters = { new() { Value = table } } };
        var columns = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) columns.Add((reader.GetString(0), reader.GetString(1)));
        return [.. columns];
    }

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
        foreach (var (table, orderBy) in Tables)
            counts.Add((table, await CopyTableAsync(source, snapshot, target, table, orderBy,
                await ColumnsAsync(target, transaction, table, cancellationToken), cancellationToken)));
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

    private static async Task<long> CopyTableAsync(SqliteConnection source, SqliteTransaction snapshot, NpgsqlConnection target, string table,
        string orderBy, (string Column, string Type)[] types, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", types.Select(c => c.Column));
        await using var read = new SqliteCommand($"SELECT {columns} FROM {table} ORDER BY {orderBy};", source, snapshot);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        // COPY writes identity columns (the audit ids) as given.
        await using var writer = await target.BeginBinaryImportAsync($"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            await writer.StartRowAsync(cancellationToken);
            for (var i = 0; i < types.Length; i++)
            {
                if (reader.IsDBNull(i))
                {
                    await writer.WriteNullAsync(cancellationToken);
                    continue;
                }
                // SQLite keeps instants as UTC text, uuids and dates as text, booleans as 0/1, json and text[] as JSON text.
                var write = types[i].Type switch
                {
                    "text" => writer.WriteAsync(reader.GetString(i), NpgsqlDbType.Text, cancellationToken),
                    "uuid" => writer.WriteAsync(Guid.Parse(reader.GetString(i)), NpgsqlDbType.Uuid, cancellationToken),
                    "int4" => writer.WriteAsync(reader.GetInt32(i), NpgsqlDbType.Integer, cancellationToken),
                    "int8" => writer.WriteAsync(reader.GetInt64(i), NpgsqlDbType.Bigint, cancellationToken),
                    "bool" => writer.WriteAsync(reader.GetInt64(i) != 0, NpgsqlDbType.Boolean, cancellationToken),
                    "timestamptz" => writer.WriteAsync(SqliteDatabase.ParseInstant(reader.GetString(i)).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken),
                    "date" => writer.WriteAsync(DateOnly.ParseExact(reader.GetString(i), "yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Date, cancellationToken),
                    "jsonb" => writer.WriteAsync(reader.GetString(i), NpgsqlDbType.Jsonb, cancellationToken),
                    "_text" => writer.WriteAsync(System.Text.Json.JsonSerializer.Deserialize<string[]>(reader.GetString(i)) ?? [],
                        NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken),
                    "bytea" => writer.WriteAsync(reader.GetFieldValue<byte[]>(i), NpgsqlDbType.Bytea, cancellationToken),
                    var other => throw new InvalidOperationException($"copy-to-postgres cannot copy {table}.{types[i].Column} of type {other}"),
                };
                await write;
            }
            rows++;
        }
        await writer.CompleteAsync(cancellationToken);
        return rows;
    }
}
