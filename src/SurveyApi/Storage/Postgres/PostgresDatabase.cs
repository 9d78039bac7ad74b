using System.Globalization;
using Npgsql;
using ParSurvey.SurveyApi.Storage.Sql;

namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>
/// The PostgreSQL database behind every store: one pooled data source (every connection commits with
/// synchronous_commit on) and the schema, created and migrated by the application itself. Each migration runs in its own
/// transaction together with its version row, so it is applied all or nothing; an advisory lock keeps two servers
/// starting together from migrating at once.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// The schema's steps by their number in schema_migrations (see <see cref="Schema"/>): the shared ones, and the rating
    /// path's own: version 1 is SQLite's schema 5 in PostgreSQL's types; 6 indexes the rating sequence the servers' boards follow.
    /// </summary>
    private static readonly IReadOnlyList<(int Version, string Sql)> Migrations =
        Schema.Plan(SqlTypes.Postgres, (1, PostgresSchema.Ratings), (6, "CREATE INDEX ix_ratings_seq ON ratings (seq);"));

    public static int SchemaVersion => Migrations[^1].Version;

    // Any constant: the key of the advisory lock held while the schema is migrated.
    private const long MigrationLockKey = 0x5061_7253_7276_7901;

    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _ready;

    public PostgresDatabase(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // The same few statements run for every batch: prepared once per connection, PostgreSQL plans them once.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0) builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        // A commit returns only once its WAL is flushed on the server, whatever the server's default says.
        builder.UsePhysicalConnectionInitializer(
            connection =>
            {
                using var command = new NpgsqlCommand("SET synchronous_commit TO on; SET TIME ZONE 'UTC';", connection);
                command.ExecuteNonQuery();
            },
            async connection =>
            {
                await using var command = new NpgsqlCommand("SET synchronous_commit TO on; SET TIME ZONE 'UTC';", connection);
                await command.ExecuteNonQueryAsync();
            });
        DataSource = builder.Build();
        var parsed = new NpgsqlConnectionStringBuilder(connectionString);
        _listenerConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
        Describe = $"{parsed.Host}:{parsed.Port.ToString(CultureInfo.InvariantCulture)}/{parsed.Database}";
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>How the stores written once (Storage/Sql) speak to this database.</summary>
    public SqlDialect Dialect => field ??= new PostgresDialect(this);

    /// <summary>host:port/database, for messages (never the password).</summary>
    public string Describe { get; }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (!_ready) await EnsureSchemaAsync(cancellationToken);
        return await DataSource.OpenConnectionAsync(cancellationToken);
    }

    private readonly string _listenerConnectionString;

    /// <summary>A connection of its own, outside the pool, for the change feed's LISTEN (held as long as it works).</summary>
    public async Task<NpgsqlConnection> OpenListenerAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(_listenerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        if (_ready) return;
        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_ready) return;
            await using var connection = await ConnectAsync(cancellationToken);
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({MigrationLockKey});", cancellationToken);
            try
            {
                await ExecuteAsync(connection, null, """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version    integer     NOT NULL PRIMARY KEY,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    );
                    """, cancellationToken);
                await using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations;", connection);
                var current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
                if (current > SchemaVersion)
                    throw new InvalidOperationException($"The PostgreSQL database {Describe} has schema version {current}, newer than this program ({SchemaVersion}).");
                foreach (var (version, sql) in Migrations)
                {
                    if (version <= current) continue;
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    await ExecuteAsync(connection, transaction, sql, cancellationToken);
                    await ExecuteAsync(connection, transaction,
                        $"INSERT INTO schema_migrations (version) VALUES ({version.ToString(CultureInfo.InvariantCulture)});", cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
            }
            finally
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({MigrationLockKey});", CancellationToken.None);
            }
            _ready = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    /// <summary>The first connection: a server that cannot be reached or refuses us stops the start with a message naming the setting.</summary>
    private async Task<NpgsqlConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await DataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"ParSurvey:Storage:ConnectionString: cannot use the PostgreSQL server {Describe}: {e.Message}", e);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static DateTimeOffset Instant(NpgsqlDataReader reader, int column) => new(DateTime.SpecifyKind(reader.GetDateTime(column), DateTimeKind.Utc));

    public static DateTimeOffset? InstantOrNull(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : Instant(reader, column);

    public static string? StringOrNull(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
