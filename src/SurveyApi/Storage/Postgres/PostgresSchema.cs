namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>The rating path's tables in PostgreSQL's types (see <see cref="PostgresDatabase"/>; the others are in Storage/Sql/Schema).</summary>
internal static class PostgresSchema
{
    /// <summary>
    /// What SQLite's schema 5 holds for ratings, in PostgreSQL's types: ratings keyed by their client id (uuid) and kept in
    /// arrival order (seq), the daily roll-ups written in the same transaction as the ratings, the press filter's device marks.
    /// </summary>
    public const string Ratings = """
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

        """;
}
