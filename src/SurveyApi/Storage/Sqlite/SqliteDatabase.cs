using System.Globalization;
using Microsoft.Data.Sqlite;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Storage.Sql;

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
    private const int BaseVersion = 2;

    /// <summary>
    /// The schema's steps by user_version (see <see cref="Schema"/>): the shared ones, and the rating path's own, SQLite's
    /// base tables (2) and the meanings its ratings were given (5). A fresh file runs the base schema then every step;
    /// each step after the base runs in one transaction with its new user_version, so an upgrade is all or nothing per step.
    /// </summary>
    private static readonly IReadOnlyList<(int Version, string Sql)> Upgrades = Schema.Plan(SqlTypes.Sqlite, (BaseVersion, RatingTables), (5, UpgradeTo5));

    public static int SchemaVersion => Upgrades[^1].Version;
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
    public SqlDialect Dialect => field ??= new SqliteDialect(this);

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
                upgrade.CommandText = (current == 1 ? MigrateFrom1 : "") + Upgrades[0].Sql + """

                    INSERT OR IGNORE INTO store_marks (name, value) VALUES ('rating_ids', 0);
                    PRAGMA user_version = 2;
                    """;
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

    // The rating path's tables of the base schema (2); the other tables are in the shared steps (Schema).
    private static string RatingTables => $"""
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
        """;
}

/// <summary>What a catalog says ratings mean: each unit's scale, the default scale, and every scale's levels and groups.</summary>
public sealed record CatalogMeanings(IReadOnlyDictionary<string, string> ScaleOfUnit, string DefaultScaleId, IReadOnlyList<RatingScale> Scales)
{
    public static CatalogMeanings BuiltIn { get; } = new(new Dictionary<string, string>(), RatingScale.FourLevel.Id, RatingScale.BuiltIn);

    public static CatalogMeanings From(SurveyCatalog catalog) => new(
        catalog.Units.ToDictionary(u => u.Id, u => catalog.ScaleOf(u.Id).Id), catalog.DefaultScale.Id, catalog.Scales.ToArray());
}
