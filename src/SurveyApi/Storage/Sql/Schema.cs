namespace ParSurvey.SurveyApi.Storage.Sql;

/// <summary>The column types an engine writes the schema in.</summary>
public sealed record SqlTypes(string Uuid, string Instant, string Bool, string Date, string Int64, string Texts, string Bytes, string Identity)
{
    public static SqlTypes Sqlite { get; } = new("TEXT", "TEXT", "INTEGER", "TEXT", "INTEGER", "TEXT", "BLOB", "INTEGER PRIMARY KEY AUTOINCREMENT");

    public static SqlTypes Postgres { get; } =
        new("uuid", "timestamptz", "boolean", "date", "bigint", "text[]", "bytea", "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY");

    /// <summary>The words that are not only a type: each engine keeps what it shipped (e.g. index names).</summary>
    public string Either(string sqlite, string postgres) => ReferenceEquals(this, Sqlite) ? sqlite : postgres;
}

/// <summary>
/// One schema, in order, for both engines. A step carries its number in each engine's own numbering, which existing
/// files and databases record (SQLite's user_version, PostgreSQL's schema_migrations), so they upgrade in place: PostgreSQL
/// started at SQLite's schema 5, so SQLite's steps 2 to 5 are its version 1. The rating path's tables differ between the
/// engines and are each engine's own steps (SqliteDatabase, PostgresSchema), merged in by <see cref="Plan"/>.
/// Append a step to change the schema; never edit a step that has shipped.
/// </summary>
public static class Schema
{
    private sealed record Step(int SqliteVersion, int PostgresVersion, Func<SqlTypes, string> Sql);

    private static readonly Step[] Steps =
    [
        // The report archive's index, staff accounts, kiosk devices and the audit log (SQLite: with the base schema,
        // which an older file may have in part already).
        new(2, 1, t => $"""
            CREATE TABLE IF NOT EXISTS report_archive (
                id         {t.Uuid} NOT NULL PRIMARY KEY,
                unit_id    TEXT NOT NULL,
                period_key TEXT NOT NULL,
                format     TEXT NOT NULL,
                file_name  TEXT NOT NULL,
                sha256     TEXT NOT NULL,
                size       {t.Int64} NOT NULL,
                created_at {t.Instant} NOT NULL,
                created_by TEXT NOT NULL,
                UNIQUE (unit_id, period_key, format)
            );
            CREATE TABLE IF NOT EXISTS staff (
                id            {t.Uuid} NOT NULL PRIMARY KEY,
                email         TEXT NOT NULL UNIQUE,
                display_name  TEXT NOT NULL,
                role          TEXT NOT NULL,
                unit_id       TEXT,
                password_hash TEXT NOT NULL,
                must_change   {t.Bool} NOT NULL,
                failed_logins INTEGER NOT NULL,
                locked_until  {t.Instant},
                disabled      {t.Bool} NOT NULL,
                created_at    {t.Instant} NOT NULL
            );
            CREATE TABLE IF NOT EXISTS devices (
                id                 {t.Uuid} NOT NULL PRIMARY KEY,
                counter_id         TEXT NOT NULL,
                name               TEXT NOT NULL,
                pairing_code_hash  TEXT UNIQUE,
                pairing_expires_at {t.Instant},
                key_hash           TEXT UNIQUE,
                created_at         {t.Instant} NOT NULL,
                created_by         TEXT NOT NULL,
                paired_at          {t.Instant},
                revoked_at         {t.Instant}
            );
            CREATE TABLE IF NOT EXISTS audit (
                id      {t.Identity},
                at      {t.Instant} NOT NULL,
                actor   TEXT NOT NULL,
                action  TEXT NOT NULL,
                target  TEXT NOT NULL,
                details TEXT
            );
            """),
        // The staff console: invitation links (72 h), personal API tokens, and what a kiosk's heartbeat reports.
        new(3, 1, t => $"""
            CREATE TABLE staff_invitations (
                token_hash TEXT NOT NULL PRIMARY KEY,
                staff_id   {t.Uuid} NOT NULL,
                expires_at {t.Instant} NOT NULL,
                used_at    {t.Instant}
            );
            CREATE TABLE api_tokens (
                id           {t.Uuid} NOT NULL PRIMARY KEY,
                staff_id     {t.Uuid} NOT NULL,
                name         TEXT NOT NULL,
                token_hash   TEXT NOT NULL UNIQUE,
                created_at   {t.Instant} NOT NULL,
                created_by   TEXT NOT NULL,
                last_used_at {t.Instant},
                revoked_at   {t.Instant}
            );
            ALTER TABLE devices ADD COLUMN last_seen_at {t.Instant};
            ALTER TABLE devices ADD COLUMN pending INTEGER;
            ALTER TABLE devices ADD COLUMN page_version TEXT;
            """),
        // Server-side staff sessions (issue 13): the sign-in cookie names one; logout, password change, disabling end them.
        // QR signing keys as a ring: tokens name their key; retired keys verify nothing. Counter poster links, revocable
        // one by one; a counter's current poster is its newest unrevoked one.
        new(4, 1, t => $"""
            CREATE TABLE staff_sessions (
                id           {t.Uuid} NOT NULL PRIMARY KEY,
                staff_id     {t.Uuid} NOT NULL,
                created_at   {t.Instant} NOT NULL,
                last_seen_at {t.Instant} NOT NULL,
                client       TEXT,
                ended_at     {t.Instant},
                ended_by     TEXT,
                end_reason   TEXT
            );
            CREATE INDEX ix_staff_sessions_open ON staff_sessions (staff_id) WHERE ended_at IS NULL;
            CREATE TABLE qr_keys (
                id         TEXT NOT NULL PRIMARY KEY,
                secret     TEXT NOT NULL,
                created_at {t.Instant} NOT NULL,
                created_by TEXT NOT NULL,
                retired_at {t.Instant},
                retired_by TEXT
            );
            CREATE TABLE qr_posters (
                id         {t.Uuid} NOT NULL PRIMARY KEY,
                counter_id TEXT NOT NULL,
                unit_id    TEXT NOT NULL,
                created_at {t.Instant} NOT NULL,
                created_by TEXT NOT NULL,
                revoked_at {t.Instant},
                revoked_by TEXT
            );
            CREATE INDEX ix_qr_posters_counter ON qr_posters (counter_id, created_at);
            """),
        // Report jobs' progress in the store (issue 16): jobs run on Hangfire, any server process answers for them.
        new(6, 2, t => $"""
            CREATE TABLE job_states (
                id         {t.Uuid} NOT NULL PRIMARY KEY,
                period_key TEXT NOT NULL,
                state      TEXT NOT NULL,
                done       INTEGER NOT NULL,
                total      INTEGER NOT NULL,
                error      TEXT,
                started_at {t.Instant} NOT NULL
            );
            """),
        // Citizens' feedback (PAKN): the items, and their contacts in a table of their own, deleted after the retention.
        new(7, 3, t => $"""
            CREATE TABLE feedback (
                id               {t.Uuid} PRIMARY KEY,
                code             TEXT NOT NULL UNIQUE,
                unit_id          TEXT NOT NULL,
                counter_id       TEXT,
                category         TEXT NOT NULL,
                text             TEXT NOT NULL,
                channel          TEXT NOT NULL,
                received_at      {t.Instant} NOT NULL,
                due_date         {t.Date} NOT NULL,
                status           TEXT NOT NULL,
                assigned_unit_id TEXT,
                assigned_to      TEXT,
                answer           TEXT,
                answered_at      {t.Instant},
                answered_by      TEXT,
                published_at     {t.Instant},
                closed_reason    TEXT,
                closed_at        {t.Instant}
            );
            CREATE INDEX {t.Either("feedback_by_unit", "ix_feedback_unit")} ON feedback (unit_id, received_at);
            CREATE INDEX {t.Either("feedback_by_time", "ix_feedback_time")} ON feedback (received_at);
            CREATE TABLE feedback_contacts (
                feedback_id {t.Uuid} PRIMARY KEY REFERENCES feedback (id),
                contact     TEXT NOT NULL,
                consent_at  {t.Instant} NOT NULL
            );
            CREATE INDEX {t.Either("feedback_contacts_by_time", "ix_feedback_contacts_time")} ON feedback_contacts (consent_at);
            """),
        // Archived report files in the store (issue 16), so that any server process serves them. SQLite: files archived
        // before into data/reports/ are read from there when first asked for, and kept here (SqliteReportArchive).
        new(8, 4, t => $"""
            CREATE TABLE report_files (
                id      {t.Uuid} NOT NULL PRIMARY KEY REFERENCES report_archive (id),
                content {t.Bytes} NOT NULL
            );
            """),
        // The e-mail outbox (urgent feedback to the unit head and the city office), sent by Notifications/MailSender.
        new(9, 5, t => $"""
            CREATE TABLE mail_outbox (
                id              {t.Uuid} NOT NULL PRIMARY KEY,
                kind            TEXT NOT NULL,
                about           TEXT NOT NULL,
                recipients      {t.Texts} NOT NULL,
                subject         TEXT NOT NULL,
                body            TEXT NOT NULL,
                created_at      {t.Instant} NOT NULL,
                attempts        INTEGER NOT NULL,
                next_attempt_at {t.Instant},
                sent_at         {t.Instant},
                last_error      TEXT,
                state           TEXT NOT NULL
            );
            CREATE INDEX {t.Either("mail_outbox_due", "ix_mail_outbox_due")} ON mail_outbox (state, next_attempt_at);
            """),
        // The data-protection keys (sign-in cookies, antiforgery) in the store, read by every server; SQLite: the keys/
        // folder of older versions is read into it once at start-up. PostgreSQL: the uploaded catalog in one row, the
        // same for every server (SQLite's server keeps it in catalog.json).
        new(10, 6, t => $"""
            CREATE TABLE IF NOT EXISTS data_protection_keys (
                name     TEXT NOT NULL PRIMARY KEY,
                xml      TEXT NOT NULL,
                added_at {t.Instant} NOT NULL{t.Either("", " DEFAULT now()")}
            );
            {t.Either("", """
                CREATE TABLE uploaded_catalog (
                    id       integer     NOT NULL PRIMARY KEY CHECK (id = 1),
                    json     text        NOT NULL,
                    saved_at timestamptz NOT NULL
                );
                """)}
            """),
        // Settings an administrator changes in the console (the public address). IF NOT EXISTS: as step 10, an older
        // file set back to an earlier version may hold it already.
        new(11, 7, t => $"""
            CREATE TABLE IF NOT EXISTS settings (
                name       TEXT NOT NULL PRIMARY KEY,
                value      TEXT NOT NULL,
                changed_at {t.Instant} NOT NULL,
                changed_by TEXT NOT NULL
            );
            """),
    ];

    /// <summary>
    /// The engine's steps by its version number, oldest first: for each version, the engine's own steps of that version
    /// (<paramref name="own"/>, the rating path) and then the shared ones, as one text.
    /// </summary>
    public static IReadOnlyList<(int Version, string Sql)> Plan(SqlTypes types, params (int Version, string Sql)[] own) =>
        own.Concat(Steps.Select(s => (Version: ReferenceEquals(types, SqlTypes.Sqlite) ? s.SqliteVersion : s.PostgresVersion, Sql: s.Sql(types))))
            .GroupBy(s => s.Version)
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, string.Join("\n", g.Select(s => s.Sql))))
            .ToArray();
}
