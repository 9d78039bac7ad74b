using System.Globalization;
using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Feedback;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqliteFeedbackStore(SqliteDatabase database) : IFeedbackStore
{
    private const string Columns = "f.id, f.code, f.unit_id, f.counter_id, f.category, f.text, f.channel, f.received_at, f.due_date, f.status, " +
                                   "f.assigned_unit_id, f.assigned_to, f.answer, f.answered_at, f.answered_by, f.published_at, f.closed_reason, f.closed_at, " +
                                   "EXISTS (SELECT 1 FROM feedback_contacts c WHERE c.feedback_id = f.id)";

    public async Task<bool> AddAsync(FeedbackItem item, FeedbackContact? contact, IReadOnlyList<OutgoingMail> mails, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO feedback (id, code, unit_id, counter_id, category, text, channel, received_at, due_date, status)
            VALUES ($id, $code, $unit, $counter, $category, $text, $channel, $at, $due, $status) ON CONFLICT DO NOTHING;
            """;
        command.Parameters.AddWithValue("$id", item.Id.ToString("D"));
        command.Parameters.AddWithValue("$code", item.Code);
        command.Parameters.AddWithValue("$unit", item.UnitId);
        command.Parameters.AddWithValue("$counter", (object?)item.CounterId ?? DBNull.Value);
        command.Parameters.AddWithValue("$category", item.Category);
        command.Parameters.AddWithValue("$text", item.Text);
        command.Parameters.AddWithValue("$channel", item.Channel);
        command.Parameters.AddWithValue("$at", InstantText(item.ReceivedAt));
        command.Parameters.AddWithValue("$due", item.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$status", StatusText(item.Status));
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0) return false;
        if (contact is not null)
        {
            using var add = connection.CreateCommand();
            add.Transaction = transaction;
            add.CommandText = "INSERT INTO feedback_contacts (feedback_id, contact, consent_at) VALUES ($id, $contact, $at);";
            add.Parameters.AddWithValue("$id", contact.FeedbackId.ToString("D"));
            add.Parameters.AddWithValue("$contact", contact.Contact);
            add.Parameters.AddWithValue("$at", InstantText(contact.ConsentAt));
            await add.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var mail in mails) await SqliteMailOutbox.InsertAsync(connection, transaction, mail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<FeedbackItem?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await QueryAsync("f.id = $key", c => c.Parameters.AddWithValue("$key", id.ToString("D")), 1, cancellationToken)).FirstOrDefault();

    public async Task<FeedbackItem?> FindByCodeAsync(string code, CancellationToken cancellationToken = default) =>
        (await QueryAsync("f.code = $key", c => c.Parameters.AddWithValue("$key", code), 1, cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<FeedbackItem>> ListAsync(FeedbackQuery query, CancellationToken cancellationToken = default)
    {
        var where = new List<string> { "1 = 1" };
        if (query.UnitIds is not null) where.Add("f.unit_id IN (SELECT value FROM json_each($units))");
        if (query.Status is { } status) where.Add("f.status = $status");
        if (query.ReceivedFrom is not null) where.Add("f.received_at >= $from");
        if (query.ReceivedBefore is not null) where.Add("f.received_at < $before");
        return QueryAsync(string.Join(" AND ", where), c =>
        {
            if (query.UnitIds is not null) c.Parameters.AddWithValue("$units", System.Text.Json.JsonSerializer.Serialize(query.UnitIds));
            if (query.Status is { } s) c.Parameters.AddWithValue("$status", StatusText(s));
            if (query.ReceivedFrom is { } from) c.Parameters.AddWithValue("$from", InstantText(from));
            if (query.ReceivedBefore is { } before) c.Parameters.AddWithValue("$before", InstantText(before));
        }, query.Limit, cancellationToken);
    }

    public async Task<bool> UpdateAsync(FeedbackItem item, FeedbackStatus expected, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE feedback SET status = $status, assigned_unit_id = $assignedUnit, assigned_to = $assignedTo, answer = $answer,
                answered_at = $answeredAt, answered_by = $answeredBy, published_at = $publishedAt, closed_reason = $closedReason, closed_at = $closedAt
            WHERE id = $id AND status = $expected;
            """;
        command.Parameters.AddWithValue("$id", item.Id.ToString("D"));
        command.Parameters.AddWithValue("$expected", StatusText(expected));
        command.Parameters.AddWithValue("$status", StatusText(item.Status));
        command.Parameters.AddWithValue("$assignedUnit", (object?)item.AssignedUnitId ?? DBNull.Value);
        command.Parameters.AddWithValue("$assignedTo", (object?)item.AssignedTo ?? DBNull.Value);
        command.Parameters.AddWithValue("$answer", (object?)item.Answer ?? DBNull.Value);
        command.Parameters.AddWithValue("$answeredAt", InstantOrNull(item.AnsweredAt));
        command.Parameters.AddWithValue("$answeredBy", (object?)item.AnsweredBy ?? DBNull.Value);
        command.Parameters.AddWithValue("$publishedAt", InstantOrNull(item.PublishedAt));
        command.Parameters.AddWithValue("$closedReason", (object?)item.ClosedReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$closedAt", InstantOrNull(item.ClosedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<FeedbackContact?> ContactAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT contact, consent_at FROM feedback_contacts WHERE feedback_id = $id;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? new FeedbackContact(id, r.GetString(0), ParseInstant(r.GetString(1))) : null;
    }

    public async Task<int> DeleteContactsBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM feedback_contacts WHERE consent_at < $cutoff;";
        command.Parameters.AddWithValue("$cutoff", InstantText(cutoff));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<FeedbackItem>> QueryAsync(string where, Action<SqliteCommand> bind, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM feedback f WHERE {where} ORDER BY f.received_at DESC, f.id LIMIT {Math.Max(1, limit)};";
        bind(command);
        var list = new List<FeedbackItem>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new FeedbackItem(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), StringOrNull(r, 3), r.GetString(4), r.GetString(5),
                r.GetString(6), ParseInstant(r.GetString(7)), DateOnly.ParseExact(r.GetString(8), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                ParseStatus(r.GetString(9)), StringOrNull(r, 10), StringOrNull(r, 11), StringOrNull(r, 12), ParseInstantOrNull(r, 13),
                StringOrNull(r, 14), ParseInstantOrNull(r, 15), StringOrNull(r, 16), ParseInstantOrNull(r, 17), r.GetInt64(18) == 1));
        return list;
    }

    private static string StatusText(FeedbackStatus status) => status.ToString().ToLowerInvariant();

    private static FeedbackStatus ParseStatus(string text) => Enum.Parse<FeedbackStatus>(text, ignoreCase: true);
}
