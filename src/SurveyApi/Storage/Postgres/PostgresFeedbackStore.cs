using Npgsql;
using ParSurvey.SurveyApi.Feedback;
using static ParSurvey.SurveyApi.Storage.Postgres.PostgresDatabase;

namespace ParSurvey.SurveyApi.Storage.Postgres;

public sealed class PostgresFeedbackStore(PostgresDatabase database) : IFeedbackStore
{
    private const string Columns = "f.id, f.code, f.unit_id, f.counter_id, f.category, f.text, f.channel, f.received_at, f.due_date, f.status, " +
                                   "f.assigned_unit_id, f.assigned_to, f.answer, f.answered_at, f.answered_by, f.published_at, f.closed_reason, f.closed_at, " +
                                   "EXISTS (SELECT 1 FROM feedback_contacts c WHERE c.feedback_id = f.id)";

    public async Task<bool> AddAsync(FeedbackItem item, FeedbackContact? contact, IReadOnlyList<OutgoingMail> mails, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO feedback (id, code, unit_id, counter_id, category, text, channel, received_at, due_date, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING;
            """, connection, transaction))
        {
            foreach (var value in new object[] { item.Id, item.Code, item.UnitId, OrNull(item.CounterId), item.Category, item.Text, item.Channel,
                         Utc(item.ReceivedAt), item.DueDate, StatusText(item.Status) })
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0) return false;
        }
        if (contact is not null)
        {
            await using var add = new NpgsqlCommand("INSERT INTO feedback_contacts (feedback_id, contact, consent_at) VALUES ($1, $2, $3);", connection, transaction);
            add.Parameters.Add(new NpgsqlParameter { Value = contact.FeedbackId });
            add.Parameters.Add(new NpgsqlParameter { Value = contact.Contact });
            add.Parameters.Add(new NpgsqlParameter { Value = Utc(contact.ConsentAt) });
            await add.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var mail in mails) await PostgresMailOutbox.InsertAsync(connection, transaction, mail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<FeedbackItem?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {Columns} FROM feedback f WHERE f.id = $1;", Read, cancellationToken, id)).FirstOrDefault();

    public async Task<FeedbackItem?> FindByCodeAsync(string code, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {Columns} FROM feedback f WHERE f.code = $1;", Read, cancellationToken, code)).FirstOrDefault();

    public async Task<IReadOnlyList<FeedbackItem>> ListAsync(FeedbackQuery query, CancellationToken cancellationToken = default) =>
        await database.QueryAsync($"""
            SELECT {Columns} FROM feedback f
            WHERE ($1::text[] IS NULL OR f.unit_id = ANY($1)) AND ($2::text IS NULL OR f.status = $2)
              AND ($3::timestamptz IS NULL OR f.received_at >= $3) AND ($4::timestamptz IS NULL OR f.received_at < $4)
            ORDER BY f.received_at DESC, f.id::text LIMIT $5;
            """, Read, cancellationToken,
            query.UnitIds is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text } : query.UnitIds.ToArray(),
            query.Status is { } s ? StatusText(s) : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
            query.ReceivedFrom is { } from ? Utc(from) : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz },
            query.ReceivedBefore is { } before ? Utc(before) : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz },
            (long)Math.Max(1, query.Limit));

    public async Task<bool> UpdateAsync(FeedbackItem item, FeedbackStatus expected, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("""
            UPDATE feedback SET status = $3, assigned_unit_id = $4, assigned_to = $5, answer = $6, answered_at = $7, answered_by = $8,
                published_at = $9, closed_reason = $10, closed_at = $11
            WHERE id = $1 AND status = $2;
            """, cancellationToken, item.Id, StatusText(expected), StatusText(item.Status), OrNull(item.AssignedUnitId), OrNull(item.AssignedTo),
            OrNull(item.Answer), UtcOrNull(item.AnsweredAt), OrNull(item.AnsweredBy), UtcOrNull(item.PublishedAt), OrNull(item.ClosedReason),
            UtcOrNull(item.ClosedAt)) == 1;

    public async Task<FeedbackContact?> ContactAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync("SELECT contact, consent_at FROM feedback_contacts WHERE feedback_id = $1;",
            r => new FeedbackContact(id, r.GetString(0), Instant(r, 1)), cancellationToken, id)).FirstOrDefault();

    public Task<int> DeleteContactsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM feedback_contacts WHERE consent_at < $1;", cancellationToken, cutoff);

    private static FeedbackItem Read(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetString(2), StringOrNull(r, 3), r.GetString(4), r.GetString(5), r.GetString(6), Instant(r, 7),
            r.GetFieldValue<DateOnly>(8), Enum.Parse<FeedbackStatus>(r.GetString(9), ignoreCase: true), StringOrNull(r, 10), StringOrNull(r, 11),
            StringOrNull(r, 12), InstantOrNull(r, 13), StringOrNull(r, 14), InstantOrNull(r, 15), StringOrNull(r, 16), InstantOrNull(r, 17), r.GetBoolean(18));

    private static string StatusText(FeedbackStatus status) => status.ToString().ToLowerInvariant();
}
