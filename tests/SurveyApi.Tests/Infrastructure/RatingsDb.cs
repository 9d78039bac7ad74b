using Microsoft.Data.Sqlite;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>Looks into the SQLite file directly, beside the app, so a test does not take the app's word for what is stored.</summary>
public static class RatingsDb
{
    public static long Count(string databasePath, string where = "1 = 1")
    {
        if (!File.Exists(databasePath)) return 0;
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM ratings WHERE {where};";
        return (long)command.ExecuteScalar()!;
    }

    public static List<string> Ids(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM ratings;";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }
}
