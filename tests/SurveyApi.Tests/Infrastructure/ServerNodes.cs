using Npgsql;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>
/// Several servers on one PostgreSQL database, as a city runs them behind its balancer. Each is a whole application on
/// its own Kestrel port with its own data folder, services, connection pool and change-feed listener; they share only
/// the database (and the test process), so whatever one server knows reaches another only through the store.
/// </summary>
public sealed class ServerNodes : IAsyncDisposable
{
    private readonly List<ParSurveyServer> _servers = [];
    private readonly bool _ownsStore;

    private ServerNodes(PostgresTestStore store, bool ownsStore)
    {
        Store = store;
        _ownsStore = ownsStore;
    }

    public PostgresTestStore Store { get; }

    public ParSurveyServer this[int index] => _servers[index];

    public IReadOnlyList<ParSurveyServer> Servers => _servers;

    /// <param name="together">Start them all at the same moment (else one after another).</param>
    /// <param name="connectionString">A database of the caller's (e.g. on a cluster it stops); else a fresh one on the shared cluster.</param>
    public static async Task<ServerNodes> StartAsync(int count, bool together = false, string? connectionString = null, params string[] extraArgs)
    {
        var store = connectionString is null
            ? (PostgresTestStore)await TestStore.CreateAsync(Providers.Postgres, "")
            : new PostgresTestStore(connectionString);
        var nodes = new ServerNodes(store, ownsStore: connectionString is null);
        try
        {
            if (together)
                nodes._servers.AddRange(await Task.WhenAll(Enumerable.Range(0, count).Select(_ => nodes.StartOneAsync(extraArgs))));
            else
                for (var i = 0; i < count; i++) nodes._servers.Add(await nodes.StartOneAsync(extraArgs));
        }
        catch
        {
            await nodes.DisposeAsync();
            throw;
        }
        return nodes;
    }

    /// <summary>One more server on the same database.</summary>
    public async Task<ParSurveyServer> AddAsync(params string[] extraArgs)
    {
        var server = await StartOneAsync(extraArgs);
        _servers.Add(server);
        return server;
    }

    private Task<ParSurveyServer> StartOneAsync(string[] extraArgs) => ParSurveyServer.StartAsync(sharedStore: Store, extraArgs: extraArgs);

    /// <summary>A query of the shared database, beside the servers.</summary>
    public async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Store.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        if (_ownsStore) await Store.DisposeAsync();
    }
}
