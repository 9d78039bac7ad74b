using System.Net.Sockets;
using Npgsql;

namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>
/// Which PostgreSQL failures mean "the store is away for a moment" (restarting, failing over, unreachable) rather than a
/// defect: those answer 503 with Retry-After, like <see cref="StoreUnavailableException"/>, so a kiosk keeps the rating in
/// its outbox and a balancer's client retries with the same id; nothing was acknowledged.
/// </summary>
public static class PostgresFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // admin_shutdown, crash_shutdown, cannot_connect_now; class 08: connection exceptions.
                case PostgresException p when p.SqlState is "57P01" or "57P02" or "57P03" || p.SqlState.StartsWith("08", StringComparison.Ordinal):
                    return true;
                case NpgsqlException { IsTransient: true }:
                    return true;
                case SocketException or TimeoutException:
                    return true;
            }
        }
        return false;
    }
}
