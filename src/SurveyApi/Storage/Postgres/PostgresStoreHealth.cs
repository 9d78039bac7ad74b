namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>Ready when PostgreSQL answers a query within <see cref="Timeout"/> and the change feed listens.</summary>
public sealed class PostgresStoreHealth(PostgresDatabase database, IChangeFeed feed) : IStoreHealth
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<string?> ProblemAsync(CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        try
        {
            await database.Dialect.ScalarAsync("SELECT 1;", limit.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return $"PostgreSQL {database.Describe} does not answer";
        }
        return feed.IsListening ? null : $"the change feed is not listening to PostgreSQL {database.Describe}";
    }
}
