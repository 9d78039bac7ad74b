using System.Data.Common;
using ParSurvey.SurveyApi.Feedback;

namespace ParSurvey.SurveyApi.Storage.Sql;

public class SqlFeedbackStore(SqlDialect d) : IFeedbackStore
{
    private const string Columns = "f.id, f.code, f.unit_id, f.counter_id, f.category, f.text, f.channel, f.received_at, f.due_date, f.status, " +
                                   "f.assigned_unit_id, f.assigned_to, f.answer, f.answered_at, f.answered_by, f.published_at, f.closed_reason, f.closed_at, " +
                                   "EXISTS (SELECT 1 FROM feedback_contacts c WHERE c.feedback_id = f.id)";

    /// <summary>The item, its contact and its mails all or nothing; false (nothing written) when its id is there already.</summary>
    public async Task<bool> AddAsync(FeedbackItem item, FeedbackContact? contact, IReadOnlyList<OutgoingMail> mails, CancellationToken cancellationToken = default)
    {
        await using var connection = await d.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = d.Command(connection, transaction, """
            INSERT INTO feedback (id, code, unit_id, counter_id, category, text, channel, received_at, due_date, status)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING;
            """, item.Id, item.Code, item.UnitId, item.CounterId, item.Category, item.Text, item.Channel, item.ReceivedAt, item.DueDate,
            StatusText(item.Status)))
        {
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0) return false;
        }
        if (contact is not null)
        {
            await using var add = d.Command(connection, transaction, "INSERT INTO feedback_contacts (feedback_id, contact, consent_at) VALUES ($1, $2, $3);",
                contact.FeedbackId, contact.Contact, contact.ConsentAt);
            await add.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var mail in mails) await SqlMailOutbox.InsertAsync(d, transaction, mail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<FeedbackItem?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync($"SELECT {Columns} FROM feedback f WHERE f.id = $1;", Read, cancellationToken, id)).FirstOrDefault();

    public async Task<FeedbackItem?> FindByCodeAsync(string code, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync($"SELECT {Columns} FROM feedback f WHERE f.code = $1;", Read, cancellationToken, code)).FirstOrDefault();

    public async Task<IReadOnlyList<FeedbackItem>> ListAsync(FeedbackQuery query, CancellationToken cancellationToken = default)
    {
        var where = new List<string> { "1 = 1" };
        var values = new List<object?>();
        string Next(object value) { values.Add(value); return "$" + values.Count; }
        if (query.UnitIds is { } units) where.Add(d.AnyOf("f.unit_id", Next(units.ToArray())));
        if (query.Status is { } status) where.Add("f.status = " + Next(StatusText(status)));
        if (query.ReceivedFrom is { } from) where.Add("f.received_at >= " + Next(from));
        if (query.ReceivedBefore is { } before) where.Add("f.received_at < " + Next(before));
        var limit = Next((long)Math.Max(1, query.Limit));
        return await d.QueryAsync($"SELECT {Columns} FROM feedback f WHERE {string.Join(" AND ", where)} ORDER BY f.received_at DESC, CAST(f.id AS text) LIMIT {limit};",
            Read, cancellationToken, [.. values]);
    }

    public async Task<bool> UpdateAsync(FeedbackItem item, FeedbackStatus expected, CancellationToken cancellationToken = default) =>
        await d.ExecuteAsync("""
            UPDATE feedback SET status = $3, assigned_unit_id = $4, assigned_to = $5, answer = $6, answered_at = $7, answered_by = $8,
                published_at = $9, closed_reason = $10, closed_at = $11
            WHERE id = $1 AND status = $2;
            """, cancellationToken, item.Id, StatusText(expected), StatusText(item.Status), item.AssignedUnitId, item.AssignedTo,
            item.Answer, item.AnsweredAt, item.AnsweredBy, item.PublishedAt, item.ClosedReason, item.ClosedAt) == 1;

    public async Task<FeedbackContact?> ContactAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync("SELECT contact, consent_at FROM feedback_contacts WHERE feedback_id = $1;",
            r => new FeedbackContact(id, r.GetString(0), d.Instant(r, 1)), cancellationToken, id)).FirstOrDefault();

    public Task<int> DeleteContactsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("DELETE FROM feedback_contacts WHERE consent_at < $1;", cancellationToken, cutoff);

    private FeedbackItem Read(DbDataReader r) =>
        new(d.Uuid(r, 0), r.GetString(1), r.GetString(2), SqlDialect.TextOrNull(r, 3), r.GetString(4), r.GetString(5), r.GetString(6), d.Instant(r, 7),
            d.Date(r, 8), Enum.Parse<FeedbackStatus>(r.GetString(9), ignoreCase: true), SqlDialect.TextOrNull(r, 10), SqlDialect.TextOrNull(r, 11),
            SqlDialect.TextOrNull(r, 12), d.InstantOrNull(r, 13), SqlDialect.TextOrNull(r, 14), d.InstantOrNull(r, 15), SqlDialect.TextOrNull(r, 16),
            d.InstantOrNull(r, 17), d.Bool(r, 18));

    private static string StatusText(FeedbackStatus status) => status.ToString().ToLowerInvariant();
}
