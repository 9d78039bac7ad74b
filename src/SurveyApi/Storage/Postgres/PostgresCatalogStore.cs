using Microsoft.Extensions.Options;
using Npgsql;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Storage.Sqlite;

namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>
/// The uploaded catalog in one row, so every server reads the same. Until one is uploaded, a <c>catalog.json</c> left in
/// the data folder (a ward that moved from SQLite) is the uploaded one.
/// </summary>
public sealed class PostgresCatalogStore(PostgresDatabase database, IOptions<ParSurveyOptions> options) : ICatalogStore
{
    private const string Source = "PostgreSQL (uploaded_catalog)";

    // Read at start-up, before anything is served, and when another server says the catalog changed.
    public StoredCatalog? Load()
    {
        database.EnsureSchemaAsync().GetAwaiter().GetResult();
        using var connection = database.DataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT json FROM uploaded_catalog WHERE id = 1;", connection);
        return command.ExecuteScalar() is string json ? new StoredCatalog(json, Source) : new FileCatalogStore(options).Load();
    }

    public string Save(string json)
    {
        database.EnsureSchemaAsync().GetAwaiter().GetResult();
        using var connection = database.DataSource.OpenConnection();
        using var command = new NpgsqlCommand("""
            INSERT INTO uploaded_catalog (id, json, saved_at) VALUES (1, $1, now())
            ON CONFLICT (id) DO UPDATE SET json = excluded.json, saved_at = excluded.saved_at;
            """, connection) { Parameters = { new() { Value = json } } };
        command.ExecuteNonQuery();
        return Source;
    }
}
