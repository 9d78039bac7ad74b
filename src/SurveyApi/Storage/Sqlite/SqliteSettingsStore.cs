using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqliteSettingsStore(SqliteDatabase database) : ISettingsStore
{
    public async Task<StoredSetting?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, value, changed_at, changed_by FROM settings WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? new StoredSetting(r.GetString(0), r.GetString(1), ParseInstant(r.GetString(2)), r.GetString(3)) : null;
    }

    public async Task SetAsync(StoredSetting setting, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO settings (name, value, changed_at, changed_by) VALUES ($name, $value, $at, $by)
            ON CONFLICT (name) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, changed_by = excluded.changed_by;
            """;
        command.Parameters.AddWithValue("$name", setting.Name);
        command.Parameters.AddWithValue("$value", setting.Value);
        command.Parameters.AddWithValue("$at", InstantText(setting.ChangedAt));
        command.Parameters.AddWithValue("$by", setting.ChangedBy);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
