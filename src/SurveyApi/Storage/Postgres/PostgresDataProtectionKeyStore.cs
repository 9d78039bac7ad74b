using Npgsql;

namespace ParSurvey.SurveyApi.Storage.Postgres;

public sealed class PostgresDataProtectionKeyStore(PostgresDatabase database) : IDataProtectionKeyStore
{
    // Data protection asks synchronously, rarely (at start and when its key ring expires, every few hours).
    public IReadOnlyList<string> ListXml()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("SELECT xml FROM data_protection_keys ORDER BY added_at, name;", connection);
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read()) list.Add(reader.GetString(0));
        return list;
    }

    public void Add(string name, string xml)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("INSERT INTO data_protection_keys (name, xml) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING;", connection)
            { Parameters = { new() { Value = name }, new() { Value = xml } } };
        command.ExecuteNonQuery();
    }

    private NpgsqlConnection Open()
    {
        database.EnsureSchemaAsync().GetAwaiter().GetResult();
        return database.DataSource.OpenConnection();
    }
}
