namespace ParSurvey.SurveyApi.Storage.Sql;

public class SqlDataProtectionKeyStore(SqlDialect d) : IDataProtectionKeyStore
{
    // Data protection asks synchronously, rarely (at start and when its key ring expires, every few hours).
    public IReadOnlyList<string> ListXml()
    {
        using var connection = d.Open();
        using var command = d.Command(connection, null, "SELECT xml FROM data_protection_keys ORDER BY added_at, name;");
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read()) list.Add(reader.GetString(0));
        return list;
    }

    // added_at is this server's clock on both engines (PostgreSQL's column default was the database's clock): it only orders the keys.
    public void Add(string name, string xml)
    {
        using var connection = d.Open();
        using var command = d.Command(connection, null,
            "INSERT INTO data_protection_keys (name, xml, added_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING;", name, xml, DateTimeOffset.UtcNow);
        command.ExecuteNonQuery();
    }
}
