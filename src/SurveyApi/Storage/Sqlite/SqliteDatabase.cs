using System.Globalization;
using Microsoft.Data.Sqlite;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

/// <summary>
/// The SQLite file behind every store: how to open a connection (WAL, synchronous=FULL) and the schema.
/// The schema is created once, before the first use, whichever store comes first.
/// </summary>
/// <param name="meanings">What the catalog in force says about scales, for schema steps that derive what older files
/// did not keep (read once, only when a step runs); null: every unit on the built-in 4-level scale.</param>
public sealed class SqliteDatabase(string path, Func<CatalogMeanings>? meanings = null)
{
    // 1: ratings keyed by their id. 2: ratings in arrival order (seq), ids looked up through rating_ids (see SqliteRatingStore).
    // Versions after 2 are the steps in Upgrades, applied in order, each in its own transaction.
    private const int BaseVersion = 2;

    /// <summary>
    /// Schema changes after version 2, oldest first. Append a step (next version number, its SQL) to change the schema;
    /// never edit a step that has shipped. Each runs in one transaction with the new user_version, so an upgrade is all
    /// or nothing per step, and a fresh file runs the base schema then every step.
    /// </summary>
    private static readonly (int Version, string Sql)[] Upgrades =
    [
        // 3: the staff console: invitation links (72 h), personal API tokens, and what a kiosk's heartbeat reports.
        (3, """
            CREATE TABLE staff_invitations (
                token_hash TEXT NOT NULL PRIMARY KEY,
                staff_id   TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                used_at    TEXT
            );
            CREATE TABLE api_tokens (
                id           TEXT NOT NULL PRIMARY KEY,
                staff_id     TEXT NOT NULL,
                name         TEXT NOT NULL,
                token_hash   TEXT NOT NULL UNIQUE,
                created_at   TEXT NOT NULL,
                created_by   TEXT NOT NULL,
                last_used_at TEXT,
                revoked_at   TEXT
            );
            ALTER TABLE devices ADD COLUMN last_seen_at TEXT;
            ALTER TABLE devices ADD COLUMN pending INTEGER;
            ALTER TABLE devices ADD COLUMN page_version TEXT;
            """),
        // 4: server-side staff sessions (issue 13): the sign-in cookie names one; logout, password change, disabling end them.
        (4, """
            CREATE TABLE staff_sessions (
                id           TEXT NOT NULL PRIMARY KEY,
                staff_id     TEXT NOT NULL,
                created_at   TEXT NOT NULL,
                last_seen_at TEXT NOT NULL,
                client       TEXT,
                ended_at     TEXT,
                ended_by     TEXT,
                end_reason   TEXT
            );
            CREATE INDEX ix_staff_sessions_open ON staff_sessions (staff_id) WHERE ended_at IS NULL;
            -- QR signing keys as a ring: tokens name their key; retired keys verify nothing.
            CREATE TABLE qr_keys (
                id         TEXT NOT NULL PRIMARY KEY,
                secret     TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                retired_at TEXT,
                retired_by TEXT
            );
            -- Counter poster links, revocable one by one; a counter's current poster is its newest unrevoked one.
            CREATE TABLE qr_posters (
                id         TEXT NOT NULL PRIMARY KEY,
                counter_id TEXT NOT NULL,
                unit_id    TEXT NOT NULL,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                revoked_at TEXT,
                revoked_by TEXT
            );
            CREATE INDEX ix_qr_posters_counter ON qr_posters (counter_id, created_at);
            """),
        (5, UpgradeTo5),
        // 6: report jobs' progress in the store (issue 16): jobs run on Hangfire, any server process answers for them.
        (6, """
            CREATE TABLE job_states (
                id         TEXT NOT NULL PRIMARY KEY,
                period_key TEXT NOT NULL,
                state      TEXT NOT NULL,
                done       INTEGER NOT NULL,
                total      INTEGER NOT NULL,
                error      TEXT,
                started_at TEXT NOT NULL
            );
            """),
        (7, UpgradeTo7),
        // 8: archived report files in the store (issue 16), so that a server process serves any of them. Files archived
        // before into data/reports/ are read from there when first asked for, and kept here (SqliteReportArchive).
        (8, """
            CREATE TABLE report_files (
                id      TEXT NOT NULL PRIMARY KEY REFERENCES report_archive (id),
                content BLOB NOT NULL
            );
            """),
        // 9: the e-mail outbox (urgent feedback to the unit head and the city office), sent by Notifications/MailSender.
        (9, """
            CREATE TABLE mail_outbox (
                id              TEXT NOT NULL PRIMARY KEY,
                kind            TEXT NOT NULL,
                about           TEXT NOT NULL,
                recipients      TEXT NOT NULL,
                subject         TEXT NOT NULL,
                body            TEXT NOT NULL,
                created_at      TEXT NOT NULL,
                attempts        INTEGER NOT NULL,
                next_attempt_at TEXT,
                sent_at         TEXT,
                last_error      TEXT,
                state           TEXT NOT NULL
            );
            CREATE INDEX mail_outbox_due ON mail_outbox (state, next_attempt_at);
            """),
        // 10: the data-protection keys (sign-in cookies, antiforgery) in the store, as PostgreSQL keeps them; the keys/
        // folder of older versions is read into it once at start-up.
        (10, """
            CREATE TABLE IF NOT EXISTS data_protection_keys (
                name     TEXT NOT NULL PRIMARY KEY,
                xml      TEXT NOT NULL,
                added_at TEXT NOT NULL
            );
            """),
    ];

    public static int SchemaVersion => Upgrades.Length == 0 ? BaseVersion : Upgrades[^1].Version;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _ready;

    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public string Path { get; } = path;

    /// <summary>How the stores written once (Storage/Sql) speak to this file.</summary>
    public ParSurvey.SurveyApi.Storage.Sql.SqlDialect Dialect => field ??= new SqliteDialect(this);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (!_ready) await EnsureSchemaAsync(cancellationToken);
        return await OpenRawAsync(cancellationToken);
    }

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (_ready) return;
        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_ready) return;
            // Created owner-only before SQLite opens it: SQLite gives the -wal and -shm files the database file's mode.
            ParSurvey.SurveyApi.Hosting.PrivateFiles.EnsureFile(Path);
            await using var connection = await OpenRawAsync(cancellationToken);
            using var version = connection.CreateCommand();
            version.CommandText = "PRAGMA user_version;";
            var current = Convert.ToInt32(await version.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (current > SchemaVersion)
                throw new InvalidOperationException($"The database {Path} has schema version {current}, newer than this program ({SchemaVersion}).");
            if (current < BaseVersion)
            {
                using var upgrade = connection.CreateCommand();
                upgrade.CommandText = current == 1 ? MigrateFrom1 + Schema : Schema;
                await upgrade.ExecuteNonQueryAsync(cancellationToken);
                current = BaseVersion;
            }
            if (current < SchemaVersion) await LoadMeaningsAsync(connection, cancellationToken);
            foreach (var (stepVersion, sql) in Upgrades)
            {
                if (stepVersion <= current) continue;
                using var step = connection.CreateCommand();
                step.CommandText = $"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {stepVersion.ToString(CultureInfo.InvariantCulture)};\nCOMMIT;";
                try
                {
                    await step.ExecuteNonQueryAsync(cancellationToken);
                }
                catch
                {
                    using var rollback = connection.CreateCommand();
                    rollback.CommandText = "ROLLBACK;";
                    try { await rollback.ExecuteNonQueryAsync(CancellationToken.None); } catch (SqliteException) { }
                    throw;
                }
                current = stepVersion;
            }
            _ready = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    /// <summary>
    /// The catalog's scales as two temporary tables of the upgrading connection, for steps that must say what stored
    /// ratings meant: temp.catalog_unit_scales (unit_id → scale_id; unit '' is the default scale) and
    /// temp.catalog_levels (scale_id, score → level_group).
    /// </summary>
    private async Task LoadMeaningsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var known = meanings?.Invoke() ?? CatalogMeanings.BuiltIn;
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TEMP TABLE IF NOT EXISTS catalog_unit_scales (unit_id TEXT NOT NULL PRIMARY KEY, scale_id TEXT NOT NULL);
            CREATE TEMP TABLE IF NOT EXISTS catalog_levels (scale_id TEXT NOT NULL, score INTEGER NOT NULL, level_group TEXT NOT NULL,
                PRIMARY KEY (scale_id, score));
            DELETE FROM temp.catalog_unit_scales;
            DELETE FROM temp.catalog_levels;
            INSERT INTO temp.catalog_unit_scales (unit_id, scale_id) SELECT key, value FROM json_each($units);
            INSERT INTO temp.catalog_levels (scale_id, score, level_group)
                SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each($levels);
            """;
        var units = known.ScaleOfUnit.ToDictionary(u => u.Key, u => u.Value);
        units[""] = known.DefaultScaleId;
        command.Parameters.AddWithValue("$units", System.Text.Json.JsonSerializer.Serialize(units));
        command.Parameters.AddWithValue("$levels", System.Text.Json.JsonSerializer.Serialize(
            known.Scales.SelectMany(s => s.Levels.Select(l => new object[] { s.Id, l.Score, l.Group.Code() }))));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        using var pragmas = connection.CreateCommand();
        // WAL lets readers run beside the writer; FULL makes every commit reach the disk before it returns.
        pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    // "O" writes a UTC DateTime as yyyy-MM-ddTHH:mm:ss.fffffffZ and a DateOnly as yyyy-MM-dd without parsing a
    // custom pattern for every value (measured on the ingest path).
    public static string InstantText(DateTimeOffset instant) => instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static object InstantOrNull(DateTimeOffset? instant) => instant is { } i ? InstantText(i) : DBNull.Value;

    public static DateTimeOffset ParseInstant(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ParseInstantOrNull(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : ParseInstant(reader.GetString(column));

    public static string? StringOrNull(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public static string DateText(DateOnly date) => date.ToString("O", CultureInfo.InvariantCulture);

    // Ratings are appended in arrival order (seq, the rowid), so a batch of new ratings fills the last page or two of the
    // table instead of one page per rating at random places, as a table keyed by the clients' random UUIDs did.
    private static string RatingsTable(string name) => $"""
        CREATE TABLE IF NOT EXISTS {name} (
            seq            INTEGER PRIMARY KEY,
            id             TEXT    NOT NULL,
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
            content_hash   TEXT    NOT NULL,
            token_id       TEXT
        );
        """;

    // The columns of schema 2, which the copy from schema 1 names.
    private const string RatingColumnListV2 = """
        id, counter_id, unit_id, field_code, score, satisfied, channel, reasons, comment, procedure_code,
        submitted_at, received_at, occurred_at, local_date, content_hash, token_id
        """;

    internal const string RatingColumnList = RatingColumnListV2 + ", scale_id, level_group, device_id, filtered";

    private const string RatingsIndexes = """
        CREATE INDEX IF NOT EXISTS ix_ratings_local_date ON ratings (local_date, counter_id);
        -- A dossier-bound QR link gives one rating: the second use hits this index.
        CREATE UNIQUE INDEX IF NOT EXISTS ux_ratings_token ON ratings (token_id) WHERE token_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_ratings_comments ON ratings (local_date) WHERE comment IS NOT NULL;
        """;

    // The id of every rating up to the mark 'rating_ids' (a seq), for finding a rating by id. Ratings after the mark are
    // found through SqliteRatingStore's in-memory list of recent ids and moved here in large sorted batches.
    private const string RatingIdsTables = """
        CREATE TABLE IF NOT EXISTS rating_ids (
            id  TEXT    NOT NULL PRIMARY KEY,
            seq INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS store_marks (
            name  TEXT    NOT NULL PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    /// <summary>Version 1 kept ratings in a table keyed by id: copy them in arrival order and index their ids, all or nothing.</summary>
    private static readonly string MigrateFrom1 = $"""
        BEGIN IMMEDIATE;
        {RatingsTable("ratings_v2")}
        INSERT INTO ratings_v2 (seq, {RatingColumnListV2}) SELECT rowid, {RatingColumnListV2} FROM ratings ORDER BY rowid;
        DROP TABLE ratings;
        ALTER TABLE ratings_v2 RENAME TO ratings;
        {RatingsIndexes}
        {RatingIdsTables}
        INSERT INTO rating_ids (id, seq) SELECT id, seq FROM ratings ORDER BY id;
        INSERT INTO store_marks (name, value) SELECT 'rating_ids', IFNULL(MAX(seq), 0) FROM ratings;
        PRAGMA user_version = 2;
        COMMIT;
        """;

    /// <summary>
    /// 5: a rating keeps the meaning it was given. Each rating gets the scale it was given on and its level's group
    /// (satisfied / neutral / notSatisfied), the kiosk device that sent it and whether the press filter kept it out of
    /// the counts. Existing ratings take the scale of their stored unit in the catalog in force now (else the default)
    /// and that scale's group for their score, as long as it agrees with the satisfied flag fixed when they came in
    /// (else satisfied / notSatisfied from that flag), so no rate changes. Their device is unknown; none is filtered.
    /// The daily roll-ups are rebuilt from the rows with scale and group; filtered presses get their own roll-up;
    /// device_marks keeps each device's latest counted rating time for the press filter.
    /// </summary>
    /// <summary>Citizens' feedback (PAKN): the items, and their contacts in a table of their own so they can be deleted after the retention.</summary>
    private const string UpgradeTo7 = """
        CREATE TABLE feedback (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            unit_id TEXT NOT NULL,
            counter_id TEXT,
            category TEXT NOT NULL,
            text TEXT NOT NULL,
            channel TEXT NOT NULL,
            received_at TEXT NOT NULL,
            due_date TEXT NOT NULL,
            status TEXT NOT NULL,
            assigned_unit_id TEXT,
            assigned_to TEXT,
            answer TEXT,
            answered_at TEXT,
            answered_by TEXT,
            published_at TEXT,
            closed_reason TEXT,
            closed_at TEXT
        );
        CREATE INDEX feedback_by_unit ON feedback (unit_id, received_at);
        CREATE INDEX feedback_by_time ON feedback (received_at);
        CREATE TABLE feedback_contacts (
            feedback_id TEXT PRIMARY KEY REFERENCES feedback (id),
            contact TEXT NOT NULL,
            consent_at TEXT NOT NULL
        );
        CREATE INDEX feedback_contacts_by_time ON feedback_contacts (consent_at);
        """;

    private const string UpgradeTo5 = """
        ALTER TABLE ratings ADD COLUMN scale_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE ratings ADD COLUMN level_group TEXT NOT NULL DEFAULT '';
        ALTER TABLE ratings ADD COLUMN device_id TEXT;
        ALTER TABLE ratings ADD COLUMN filtered INTEGER NOT NULL DEFAULT 0;
        UPDATE ratings SET scale_id = IFNULL(
            (SELECT s.scale_id FROM temp.catalog_unit_scales s WHERE s.unit_id = ratings.unit_id),
            (SELECT s.scale_id FROM temp.catalog_unit_scales s WHERE s.unit_id = ''));
        UPDATE ratings SET level_group = IFNULL(
            (SELECT l.level_group FROM temp.catalog_levels l
             WHERE l.scale_id = ratings.scale_id AND l.score = ratings.score AND (l.level_group = 'satisfied') = (ratings.satisfied = 1)),
            CASE ratings.satisfied WHEN 1 THEN 'satisfied' ELSE 'notSatisfied' END);

        DROP TABLE daily_tallies;
        CREATE TABLE daily_tallies (
            local_date  TEXT    NOT NULL,
            counter_id  TEXT    NOT NULL,
            field_code  TEXT    NOT NULL,
            scale_id    TEXT    NOT NULL,
            score       INTEGER NOT NULL,
            level_group TEXT    NOT NULL,
            count       INTEGER NOT NULL,
            PRIMARY KEY (local_date, counter_id, field_code, scale_id, score, level_group)
        ) WITHOUT ROWID;
        INSERT INTO daily_tallies (local_date, counter_id, field_code, scale_id, score, level_group, count)
            SELECT local_date, counter_id, field_code, scale_id, score, level_group, COUNT(*) FROM ratings
            WHERE filtered = 0 GROUP BY 1, 2, 3, 4, 5, 6;
        CREATE TABLE daily_filtered (
            local_date TEXT    NOT NULL,
            counter_id TEXT    NOT NULL,
            field_code TEXT    NOT NULL,
            count      INTEGER NOT NULL,
            PRIMARY KEY (local_date, counter_id, field_code)
        ) WITHOUT ROWID;
        CREATE TABLE device_marks (
            device_id       TEXT NOT NULL PRIMARY KEY,
            last_counted_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """;

    private static readonly string Schema = $"""
        {RatingsTable("ratings")}
        {RatingsIndexes}
        {RatingIdsTables}

        -- Daily roll-ups, kept in the same transaction as the ratings: reports read these, and always agree with the rows.
        CREATE TABLE IF NOT EXISTS daily_tallies (
            local_date TEXT    NOT NULL,
            counter_id TEXT    NOT NULL,
            field_code TEXT    NOT NULL,
            score      INTEGER NOT NULL,
            satisfied  INTEGER NOT NULL,
            count      INTEGER NOT NULL,
            PRIMARY KEY (local_date, counter_id, field_code, score, satisfied)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS daily_reasons (
            local_date TEXT    NOT NULL,
            counter_id TEXT    NOT NULL,
            field_code TEXT    NOT NULL,
            reason     TEXT    NOT NULL,
            count      INTEGER NOT NULL,
            PRIMARY KEY (local_date, counter_id, field_code, reason)
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS report_archive (
            id         TEXT NOT NULL PRIMARY KEY,
            unit_id    TEXT NOT NULL,
            period_key TEXT NOT NULL,
            format     TEXT NOT NULL,
            file_name  TEXT NOT NULL,
            sha256     TEXT NOT NULL,
            size       INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            UNIQUE (unit_id, period_key, format)
        );

        CREATE TABLE IF NOT EXISTS staff (
            id            TEXT    NOT NULL PRIMARY KEY,
            email         TEXT    NOT NULL UNIQUE,
            display_name  TEXT    NOT NULL,
            role          TEXT    NOT NULL,
            unit_id       TEXT,
            password_hash TEXT    NOT NULL,
            must_change   INTEGER NOT NULL,
            failed_logins INTEGER NOT NULL,
            locked_until  TEXT,
            disabled      INTEGER NOT NULL,
            created_at    TEXT    NOT NULL
        );

        CREATE TABLE IF NOT EXISTS devices (
            id                 TEXT NOT NULL PRIMARY KEY,
            counter_id         TEXT NOT NULL,
            name               TEXT NOT NULL,
            pairing_code_hash  TEXT UNIQUE,
            pairing_expires_at TEXT,
            key_hash           TEXT UNIQUE,
            created_at         TEXT NOT NULL,
            created_by         TEXT NOT NULL,
            paired_at          TEXT,
            revoked_at         TEXT
        );

        CREATE TABLE IF NOT EXISTS audit (
            id      INTEGER PRIMARY KEY AUTOINCREMENT,
            at      TEXT NOT NULL,
            actor   TEXT NOT NULL,
            action  TEXT NOT NULL,
            target  TEXT NOT NULL,
            details TEXT
        );
        INSERT OR IGNORE INTO store_marks (name, value) VALUES ('rating_ids', 0);
        PRAGMA user_version = 2;
        """;
}

/// <summary>What a catalog says ratings mean: each unit's scale, the default scale, and every scale's levels and groups.</summary>
public sealed record CatalogMeanings(IReadOnlyDictionary<string, string> ScaleOfUnit, string DefaultScaleId, IReadOnlyList<RatingScale> Scales)
{
    public static CatalogMeanings BuiltIn { get; } = new(new Dictionary<string, string>(), RatingScale.FourLevel.Id, RatingScale.BuiltIn);

    public static CatalogMeanings From(SurveyCatalog catalog) => new(
        catalog.Units.ToDictionary(u => u.Id, u => catalog.ScaleOf(u.Id).Id), catalog.DefaultScale.Id, catalog.Scales.ToArray());
}
