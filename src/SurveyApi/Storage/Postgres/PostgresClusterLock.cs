using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>
/// A session-level advisory lock on a pooled connection held until released: every server on the database waits for
/// it. A server that dies loses its connection, and PostgreSQL releases the lock with it.
/// </summary>
public sealed class PostgresClusterLock(PostgresDatabase database) : IClusterLock
{
    public async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(name);
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1);", connection) { Parameters = { new() { Value = key } } };
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Held(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A stable 64-bit key for the name (the same on every server and every start).</summary>
    public static long KeyOf(string name) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("parsurvey:" + name)), 0);

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1);", connection) { Parameters = { new() { Value = key } } };
                await command.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and the lock with it.
            }
            await connection.DisposeAsync();
        }
    }
}
