using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Staff;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqliteSessionStore(SqliteDatabase database) : ISessionStore
{
    private const string Columns = "id, staff_id, created_at, last_seen_at, client, ended_at, ended_by, end_reason";

    public async Task CreateAsync(StaffSession s, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO staff_sessions ({Columns}) VALUES ($id, $staff, $created, $seen, $client, NULL, NULL, NULL);";
        command.Parameters.AddWithValue("$id", s.Id.ToString("D"));
        command.Parameters.AddWithValue("$staff", s.StaffId.ToString("D"));
        command.Parameters.AddWithValue("$created", InstantText(s.CreatedAt));
        command.Parameters.AddWithValue("$seen", InstantText(s.LastSeenAt));
        command.Parameters.AddWithValue("$client", (object?)s.Client ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<StaffSession?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM staff_sessions WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StaffSession>> ListOpenAsync(Guid staffId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM staff_sessions WHERE staff_id = $staff AND ended_at IS NULL ORDER BY created_at DESC;";
        command.Parameters.AddWithValue("$staff", staffId.ToString("D"));
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<bool> EndAsync(Guid id, DateTimeOffset at, string by, string reason, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE staff_sessions SET ended_at = $at, ended_by = $by, end_reason = $reason WHERE id = $id AND ended_at IS NULL;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        BindEnd(command, at, by, reason);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<Guid>> EndAllAsync(Guid staffId, Guid? except, DateTimeOffset at, string by, string reason, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE staff_sessions SET ended_at = $at, ended_by = $by, end_reason = $reason
            WHERE staff_id = $staff AND ended_at IS NULL AND id IS NOT $except
            RETURNING id;
            """;
        command.Parameters.AddWithValue("$staff", staffId.ToString("D"));
        command.Parameters.AddWithValue("$except", except is { } e ? e.ToString("D") : DBNull.Value);
        BindEnd(command, at, by, reason);
        var ended = new List<Guid>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken)) ended.Add(Guid.Parse(r.GetString(0)));
        return ended;
    }

    public async Task TouchAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE staff_sessions SET last_seen_at = $at WHERE id = $id AND ended_at IS NULL AND last_seen_at < $at;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$at", InstantText(at));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void BindEnd(SqliteCommand command, DateTimeOffset at, string by, string reason)
    {
        command.Parameters.AddWithValue("$at", InstantText(at));
        command.Parameters.AddWithValue("$by", by);
        command.Parameters.AddWithValue("$reason", reason);
    }

    private static async Task<List<StaffSession>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<StaffSession>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new StaffSession(Guid.Parse(r.GetString(0)), Guid.Parse(r.GetString(1)), ParseInstant(r.GetString(2)), ParseInstant(r.GetString(3)),
                StringOrNull(r, 4), ParseInstantOrNull(r, 5), StringOrNull(r, 6), StringOrNull(r, 7)));
        return list;
    }
}
