using Npgsql;

namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>
/// The change feed on PostgreSQL: NOTIFY on the channel <see cref="Channel"/> to publish, and one dedicated connection
/// (outside the pool) that LISTENs. The listener pings the server when idle, so a lost connection is noticed within
/// about <see cref="PingInterval"/>, and reconnects by itself; after every (re)connection it delivers
/// <see cref="ChangeKind.Resync"/>, since signals sent meanwhile were missed.
/// </summary>
public sealed class PostgresChangeFeed(PostgresDatabase database, ILogger<PostgresChangeFeed> logger) : BackgroundService, IChangeFeed
{
    public const string Channel = "parsurvey_changes";
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);
    private readonly ChangeHandlers _handlers = new(logger);
    private volatile bool _listening;

    public bool IsListening => _listening;

    public void Subscribe(Action<ChangeSignal> handler) => _handlers.Add(handler);

    public async Task PublishAsync(ChangeSignal signal, CancellationToken cancellationToken = default)
    {
        try
        {
            await database.Dialect.ExecuteAsync("SELECT pg_notify($1, $2);", cancellationToken, Channel, ChangeHandlers.Encode(signal));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Committed already; the other servers' caches expire by themselves (seconds) or resync when their feed reconnects.
            logger.LogWarning(e, "Could not tell the other servers of {Kind} {Subject}", signal.Kind, signal.Subject);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _listening = false;
                if (!lost) logger.LogWarning(e, "The change feed lost PostgreSQL {Database}; reconnecting", database.Describe);
                lost = true;
            }
            try
            {
                await Task.Delay(RetryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _listening = false;
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        await using var connection = await database.OpenListenerAsync(stoppingToken);
        connection.Notification += (_, e) =>
        {
            if (ChangeHandlers.Decode(e.Payload) is { } signal) _handlers.Deliver(signal);
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel};", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
        _listening = true;
        logger.LogInformation("Change feed listening on PostgreSQL {Database}", database.Describe);
        _handlers.Deliver(new ChangeSignal(ChangeKind.Resync));
        await using var ping = new NpgsqlCommand("SELECT 1;", connection);
        while (!stoppingToken.IsCancellationRequested)
            if (!await connection.WaitAsync(PingInterval, stoppingToken)) await ping.ExecuteScalarAsync(stoppingToken);
    }
}
