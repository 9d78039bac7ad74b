namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>The SQL of the PostgreSQL migrations (see <see cref="PostgresDatabase"/>).</summary>
internal static class PostgresSchema
{
    /// <summary>
    /// What SQLite's schema 5 holds, in PostgreSQL's types: ratings keyed by their client id (uuid) and kept in arrival
    /// order (seq), the daily roll-ups written in the same transaction as the ratings, the press filter's device marks,
    /// and the access tables.
    /// </summary>
    public const string Initial = """
        CREATE TABLE ratings (
            seq            bigint      GENERATED ALWAYS AS IDENTITY,
            id             uuid        NOT NULL PRIMARY KEY,
            counter_id     text        NOT NULL,
            unit_id        text        NOT NULL,
            field_code     text        NOT NULL,
            scale_id       text        NOT NULL,
            score          integer     NOT NULL,
            level_group    text        NOT NULL,
            satisfied      boolean     NOT NULL,
            channel        text        NOT NULL,
            reasons        jsonb       NOT NULL,
            comment        text,
            procedure_code text,
            submitted_at   timestamptz,
            received_at    timestamptz NOT NULL,
            occurred_at    timestamptz NOT NULL,
            local_date     date        NOT NULL,
            content_hash   text        NOT NULL,
            token_id       text,
            device_id      text,
            filtered       boolean     NOT NULL
        );
        CREATE INDEX ix_ratings_local_date ON ratings (local_date, counter_id);
        -- A dossier-bound QR link gives one rating: the second use hits this index.
        CREATE UNIQUE INDEX ux_ratings_token ON ratings (token_id) WHERE token_id IS NOT NULL;
        CREATE INDEX ix_ratings_comments ON ratings (local_date, occurred_at) WHERE comment IS NOT NULL AND NOT filtered;

        -- Daily roll-ups, kept in the same transaction as the ratings: reports read these, and always agree with the rows.
        CREATE TABLE daily_tallies (
            local_date  date    NOT NULL,
            counter_id  text    NOT NULL,
            field_code  text    NOT NULL,
            scale_id    text    NOT NULL,
            score       integer NOT NULL,
            level_group text    NOT NULL,
            count       bigint  NOT NULL,
            PRIMARY KEY (local_date, counter_id, field_code, scale_id, score, level_group)
        );
        CREATE TABLE daily_reasons (
            local_date date   NOT NULL,
            counter_id text   NOT NULL,
            field_code text   NOT NULL,
            reason     text   NOT NULL,
            count      bigint NOT NULL,
            PRIMARY KEY (local_date, counter_id, field_code, reason)
        );
        CREATE TABLE daily_filtered (
            local_date date   NOT NULL,
            counter_id text   NOT NULL,
            field_code text   NOT NULL,
            count      bigint NOT NULL,
            PRIMARY KEY (local_date, counter_id, field_code)
        );
        -- Each kiosk device's latest counted rating time, for the press filter.
        CREATE TABLE device_marks (
            device_id       text        NOT NULL PRIMARY KEY,
            last_counted_at timestamptz NOT NULL
        );

        CREATE TABLE report_archive (
            id         uuid        NOT NULL PRIMARY KEY,
            unit_id    text        NOT NULL,
            period_key text        NOT NULL,
            format     text        NOT NULL,
            file_name  text        NOT NULL,
            sha256     text        NOT NULL,
            size       bigint      NOT NULL,
            created_at timestamptz NOT NULL,
            created_by text        NOT NULL,
            UNIQUE (unit_id, period_key, format)
        );

        CREATE TABLE staff (
            id            uuid        NOT NULL PRIMARY KEY,
            email         text        NOT NULL UNIQUE,
            display_name  text        NOT NULL,
            role          text        NOT NULL,
            unit_id       text,
            password_hash text        NOT NULL,
            must_change   boolean     NOT NULL,
            failed_logins integer     NOT NULL,
            locked_until  timestamptz,
            disabled      boolean     NOT NULL,
            created_at    timestamptz NOT NULL
        );

        CREATE TABLE devices (
            id                 uuid        NOT NULL PRIMARY KEY,
            counter_id         text        NOT NULL,
            name               text        NOT NULL,
            pairing_code_hash  text        UNIQUE,
            pairing_expires_at timestamptz,
            key_hash           text        UNIQUE,
            created_at         timestamptz NOT NULL,
            created_by         text        NOT NULL,
            paired_at          timestamptz,
            revoked_at         timestamptz,
            last_seen_at       timestamptz,
            pending            integer,
            page_version       text
        );

        CREATE TABLE audit (
            id      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at      timestamptz NOT NULL,
            actor   text        NOT NULL,
            action  text        NOT NULL,
            target  text        NOT NULL,
            details text
        );

        CREATE TABLE staff_invitations (
            token_hash text        NOT NULL PRIMARY KEY,
            staff_id   uuid        NOT NULL,
            expires_at timestamptz NOT NULL,
            used_at    timestamptz
        );
        CREATE TABLE api_tokens (
            id           uuid        NOT NULL PRIMARY KEY,
            staff_id     uuid        NOT NULL,
            name         text        NOT NULL,
            token_hash   text        NOT NULL UNIQUE,
            created_at   timestamptz NOT NULL,
            created_by   text        NOT NULL,
            last_used_at timestamptz,
            revoked_at   timestamptz
        );

        CREATE TABLE staff_sessions (
            id           uuid        NOT NULL PRIMARY KEY,
            staff_id     uuid        NOT NULL,
            created_at   timestamptz NOT NULL,
            last_seen_at timestamptz NOT NULL,
            client       text,
            ended_at     timestamptz,
            ended_by     text,
            end_reason   text
        );
        CREATE INDEX ix_staff_sessions_open ON staff_sessions (staff_id) WHERE ended_at IS NULL;

        -- QR signing keys as a ring: tokens name their key; retired keys verify nothing.
        CREATE TABLE qr_keys (
            id         text        NOT NULL PRIMARY KEY,
            secret     text        NOT NULL,
            created_at timestamptz NOT NULL,
            created_by text        NOT NULL,
            retired_at timestamptz,
            retired_by text
        );
        -- Counter poster links, revocable one by one; a counter's current poster is its newest unrevoked one.
        CREATE TABLE qr_posters (
            id         uuid        NOT NULL PRIMARY KEY,
            counter_id text        NOT NULL,
            unit_id    text        NOT NULL,
            created_at timestamptz NOT NULL,
            created_by text        NOT NULL,
            revoked_at timestamptz,
            revoked_by text
        );
        CREATE INDEX ix_qr_posters_counter ON qr_posters (counter_id, created_at);
        """;

    /// <summary>Citizens' feedback (PAKN); contacts in their own table, deleted after the retention (SQLite's step 7).</summary>
    public const string Feedback = """
        CREATE TABLE feedback (
            id               uuid PRIMARY KEY,
            code             text NOT NULL UNIQUE,
            unit_id          text NOT NULL,
            counter_id       text,
            category         text NOT NULL,
            text             text NOT NULL,
            channel          text NOT NULL,
            received_at      timestamptz NOT NULL,
            due_date         date NOT NULL,
            status           text NOT NULL,
            assigned_unit_id text,
            assigned_to      text,
            answer           text,
            answered_at      timestamptz,
            answered_by      text,
            published_at     timestamptz,
            closed_reason    text,
            closed_at        timestamptz
        );
        CREATE INDEX ix_feedback_unit ON feedback (unit_id, received_at);
        CREATE INDEX ix_feedback_time ON feedback (received_at);
        CREATE TABLE feedback_contacts (
            feedback_id uuid PRIMARY KEY REFERENCES feedback (id),
            contact     text NOT NULL,
            consent_at  timestamptz NOT NULL
        );
        CREATE INDEX ix_feedback_contacts_time ON feedback_contacts (consent_at);
        """;

    /// <summary>
    /// Several servers on one database (migration 4): the data-protection keys (sign-in cookies read by every server),
    /// the uploaded catalog, and an index on the rating sequence that the servers' boards follow.
    /// </summary>
    public const string Cluster = """
        CREATE TABLE data_protection_keys (
            name     text        NOT NULL PRIMARY KEY,
            xml      text        NOT NULL,
            added_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE uploaded_catalog (
            id       integer     NOT NULL PRIMARY KEY CHECK (id = 1),
            json     text        NOT NULL,
            saved_at timestamptz NOT NULL
        );
        CREATE INDEX ix_ratings_seq ON ratings (seq);
        """;
}
