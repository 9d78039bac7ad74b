using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Devices;
using ParSurvey.SurveyApi.Staff;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO audit (at, actor, action, target, details) VALUES ($at, $actor, $action, $target, $details);";
        command.Parameters.AddWithValue("$at", InstantText(entry.At));
        command.Parameters.AddWithValue("$actor", entry.Actor);
        command.Parameters.AddWithValue("$action", entry.Action);
        command.Parameters.AddWithValue("$target", entry.Target);
        command.Parameters.AddWithValue("$details", (object?)entry.Details ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, at, actor, action, target, details FROM audit ORDER BY id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", limit);
        var list = new List<AuditEntry>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new AuditEntry(r.GetInt64(0), ParseInstant(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), StringOrNull(r, 5)));
        return list;
    }
}
