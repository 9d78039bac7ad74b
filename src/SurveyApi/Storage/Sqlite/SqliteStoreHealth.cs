namespace ParSurvey.SurveyApi.Storage.Sqlite;

/// <summary>Ready when the SQLite file opens and answers.</summary>
public sealed class SqliteStoreHealth(SqliteDatabase database) : IStoreHealth
{
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1;";
            await command.ExecuteScalarAsync(cancellationToken);
            return null;
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            return "the SQLite database does not answer";
        }
    }
}
