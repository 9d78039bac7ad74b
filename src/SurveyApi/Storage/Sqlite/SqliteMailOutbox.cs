using System.Text.Json;
using Microsoft.Data.Sqlite;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqliteMailOutbox(SqliteDatabase database) : IMailOutbox
{
    /// <summary>Written by the store that records what the mail reports, in its transaction.</summary>
    internal static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, OutgoingMail mail, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO mail_outbox (id, kind, about, recipients, subject, body, created_at, attempts, next_attempt_at, state)
            VALUES ($id, $kind, $about, $to, $subject, $body, $at, 0, $at, 'pending');
            """;
        command.Parameters.AddWithValue("$id", mail.Id.ToString("D"));
        command.Parameters.AddWithValue("$kind", mail.Kind);
        command.Parameters.AddWithValue("$about", mail.About);
        command.Parameters.AddWithValue("$to", JsonSerializer.Serialize(mail.To));
        command.Parameters.AddWithValue("$subject", mail.Subject);
        command.Parameters.AddWithValue("$body", mail.Body);
        command.Parameters.AddWithValue("$at", InstantText(mail.CreatedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<OutgoingMail>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, kind, about, recipients, subject, body, created_at, attempts, next_attempt_at, last_error FROM mail_outbox
            WHERE state = 'pending' AND next_attempt_at <= $now ORDER BY created_at, id LIMIT {Math.Max(1, limit)};
            """;
        command.Parameters.AddWithValue("$now", InstantText(now));
        var list = new List<OutgoingMail>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new OutgoingMail(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), JsonSerializer.Deserialize<string[]>(r.GetString(3))!,
                r.GetString(4), r.GetString(5), ParseInstant(r.GetString(6)), r.GetInt32(7), ParseInstantOrNull(r, 8), null, StringOrNull(r, 9)));
        return list;
    }

    public async Task MarkSentAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE mail_outbox SET state = 'sent', sent_at = $at, attempts = attempts + 1, last_error = NULL WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$at", InstantText(at));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkFailedAsync(Guid id, int attempts, DateTimeOffset? nextAttemptAt, string error, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE mail_outbox SET attempts = $attempts, next_attempt_at = $next, last_error = $error,
                state = CASE WHEN $next IS NULL THEN 'failed' ELSE 'pending' END
            WHERE id = $id;
            """;
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$attempts", attempts);
        command.Parameters.AddWithValue("$next", InstantOrNull(nextAttemptAt));
        command.Parameters.AddWithValue("$error", error);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<MailOutboxCounts> CountsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM mail_outbox WHERE state = 'pending'), (SELECT count(*) FROM mail_outbox WHERE state = 'sent'),
                   (SELECT count(*) FROM mail_outbox WHERE state = 'failed'),
                   (SELECT last_error FROM mail_outbox WHERE state <> 'sent' AND last_error IS NOT NULL ORDER BY next_attempt_at DESC LIMIT 1),
                   (SELECT min(created_at) FROM mail_outbox WHERE state = 'pending');
            """;
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        return new MailOutboxCounts(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), StringOrNull(r, 3), ParseInstantOrNull(r, 4));
    }
}
