using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqliteDataProtectionKeyStore(SqliteDatabase database) : IDataProtectionKeyStore
{
    // Data protection asks synchronously; SQLite's async calls complete synchronously anyway.
    public IReadOnlyList<string> ListXml()
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT xml FROM data_protection_keys ORDER BY added_at, name;";
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read()) list.Add(reader.GetString(0));
        return list;
    }

    public void Add(string name, string xml)
    {
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO data_protection_keys (name, xml, added_at) VALUES ($name, $xml, $at) ON CONFLICT (name) DO NOTHING;";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$xml", xml);
        command.Parameters.AddWithValue("$at", InstantText(DateTimeOffset.UtcNow));
        command.ExecuteNonQuery();
    }
}
