using System.Data.Common;

namespace ParSurvey.SurveyApi.Storage.Sql;

public class SqlMailOutbox(SqlDialect d) : IMailOutbox
{
    /// <summary>Written by the store that records what the mail reports, in its transaction.</summary>
    internal static async Task InsertAsync(SqlDialect d, DbTransaction transaction, OutgoingMail mail, CancellationToken cancellationToken)
    {
        await using var command = d.Command(transaction.Connection!, transaction, """
            INSERT INTO mail_outbox (id, kind, about, recipients, subject, body, created_at, attempts, next_attempt_at, state)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $7, 'pending');
            """, mail.Id, mail.Kind, mail.About, mail.To, mail.Subject, mail.Body, mail.CreatedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OutgoingMail>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        await d.QueryAsync("""
            SELECT id, kind, about, recipients, subject, body, created_at, attempts, next_attempt_at, last_error FROM mail_outbox
            WHERE state = 'pending' AND next_attempt_at <= $1 ORDER BY created_at, id LIMIT $2;
            """, r => new OutgoingMail(d.Uuid(r, 0), r.GetString(1), r.GetString(2), d.Texts(r, 3), r.GetString(4), r.GetString(5),
                d.Instant(r, 6), r.GetInt32(7), d.InstantOrNull(r, 8), null, SqlDialect.TextOrNull(r, 9)), cancellationToken, now, (long)Math.Max(1, limit));

    public Task MarkSentAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("UPDATE mail_outbox SET state = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1;",
            cancellationToken, id, at);

    // No next attempt: the mail has failed for good.
    public Task MarkFailedAsync(Guid id, int attempts, DateTimeOffset? nextAttemptAt, string error, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("UPDATE mail_outbox SET attempts = $2, next_attempt_at = $3, last_error = $4, state = $5 WHERE id = $1;",
            cancellationToken, id, attempts, nextAttemptAt, error, nextAttemptAt is null ? "failed" : "pending");

    // DESC puts a mail without a next attempt (failed for good) first on PostgreSQL, last on SQLite: each engine as before.
    public async Task<MailOutboxCounts> CountsAsync(CancellationToken cancellationToken = default) =>
        (await d.QueryAsync("""
            SELECT (SELECT count(*) FROM mail_outbox WHERE state = 'pending'), (SELECT count(*) FROM mail_outbox WHERE state = 'sent'),
                   (SELECT count(*) FROM mail_outbox WHERE state = 'failed'),
                   (SELECT last_error FROM mail_outbox WHERE state <> 'sent' AND last_error IS NOT NULL ORDER BY next_attempt_at DESC LIMIT 1),
                   (SELECT min(created_at) FROM mail_outbox WHERE state = 'pending');
            """, r => new MailOutboxCounts(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), SqlDialect.TextOrNull(r, 3), d.InstantOrNull(r, 4)),
            cancellationToken)).Single();
}
