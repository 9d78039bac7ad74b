using Npgsql;
using static ParSurvey.SurveyApi.Storage.Postgres.PostgresDatabase;

namespace ParSurvey.SurveyApi.Storage.Postgres;

public sealed class PostgresMailOutbox(PostgresDatabase database) : IMailOutbox
{
    /// <summary>Written by the store that records what the mail reports, in its transaction.</summary>
    internal static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, OutgoingMail mail, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO mail_outbox (id, kind, about, recipients, subject, body, created_at, attempts, next_attempt_at, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $7, 'pending');
            """, connection, transaction);
        foreach (var value in new object[] { mail.Id, mail.Kind, mail.About, mail.To.ToArray(), mail.Subject, mail.Body, Utc(mail.CreatedAt) })
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OutgoingMail>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        await database.QueryAsync("""
            SELECT id, kind, about, recipients, subject, body, created_at, attempts, next_attempt_at, last_error FROM mail_outbox
            WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY created_at, id LIMIT $2;
            """, r => new OutgoingMail(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<string[]>(3), r.GetString(4), r.GetString(5),
                Instant(r, 6), r.GetInt32(7), InstantOrNull(r, 8), null, StringOrNull(r, 9)), cancellationToken, now, (long)Math.Max(1, limit));

    public Task MarkSentAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE mail_outbox SET state = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1;",
            cancellationToken, id, at);

    public Task MarkFailedAsync(Guid id, int attempts, DateTimeOffset? nextAttemptAt, string error, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("""
            UPDATE mail_outbox SET attempts = $2, next_attempt_at = $3, last_error = $4,
                state = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END
            WHERE id = $1;
            """, cancellationToken, id, attempts,
            nextAttemptAt is { } next ? Utc(next) : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz }, error);

    public async Task<MailOutboxCounts> CountsAsync(CancellationToken cancellationToken = default) =>
        (await database.QueryAsync("""
            SELECT (SELECT count(*) FROM mail_outbox WHERE state = 'pending'), (SELECT count(*) FROM mail_outbox WHERE state = 'sent'),
                   (SELECT count(*) FROM mail_outbox WHERE state = 'failed'),
                   (SELECT last_error FROM mail_outbox WHERE state <> 'sent' AND last_error IS NOT NULL ORDER BY next_attempt_at DESC NULLS FIRST LIMIT 1),
                   (SELECT min(created_at) FROM mail_outbox WHERE state = 'pending');
            """, r => new MailOutboxCounts(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), StringOrNull(r, 3), InstantOrNull(r, 4)), cancellationToken)).Single();
}
