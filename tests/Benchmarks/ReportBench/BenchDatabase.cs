using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Postgres;
using ParSurvey.SurveyApi.Storage.Sqlite;

namespace ParSurvey.Benchmarks.Reports;

/// <summary>
/// Where the synthetic year lives: a SQLite file, or a database on a PostgreSQL server. Both are written and read through
/// the product's own stores; only the raw look-ups the agreement check makes are in each engine's own SQL.
/// </summary>
public abstract class BenchDatabase
{
    public abstract string Describe { get; }

    public abstract Task<bool> ExistsAsync();

    /// <summary>A store to seed into, somewhere the finished database is not yet visible; <see cref="PublishAsync"/> makes it so.</summary>
    public abstract Task<IRatingStore> OpenPartialAsync();

    public abstract Task PublishAsync(IRatingStore partial);

    public abstract Task<(IRatingStore Ratings, IFeedbackStore Feedback)> OpenAsync();

    /// <summary>Size on disk, roll-up row counts and the engine's version, for the header.</summary>
    public abstract Task<string> DetailsAsync();

    public abstract Task<DbConnection> OpenRawAsync();

    /// <summary>The engine's spelling of what the agreement check asks.</summary>
    public abstract RawSql Sql { get; }

    public sealed record RawSql(string Separator, string NotFiltered, string ReasonsJoin, string ParameterPrefix, Func<DateOnly, object> Date);

    protected static async Task<string> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture)!;
    }
}

public sealed class SqliteBenchDatabase(string path) : BenchDatabase
{
    public string Path { get; } = path;
    private string Partial => Path + ".partial";

    public override string Describe => Path;

    public override Task<bool> ExistsAsync() => Task.FromResult(File.Exists(Path));

    public override async Task<IRatingStore> OpenPartialAsync()
    {
        foreach (var file in new[] { Partial, Partial + "-wal", Partial + "-shm" }) File.Delete(file);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var store = new SqliteRatingStore(Partial);
        await store.InitializeAsync();
        return store;
    }

    public override Task PublishAsync(IRatingStore partial)
    {
        ((IDisposable)partial).Dispose();
        // The pool holds connections open; closing the last one checkpoints the WAL into the main file.
        SqliteConnection.ClearAllPools();
        if (File.Exists(Partial + "-wal")) throw new InvalidOperationException($"{Partial}-wal is still there after closing every connection.");
        File.Move(Partial, Path);
        return Task.CompletedTask;
    }

    public override async Task<(IRatingStore Ratings, IFeedbackStore Feedback)> OpenAsync()
    {
        var store = new SqliteRatingStore(Path);
        await store.InitializeAsync();
        return (store, new SqliteFeedbackStore(new SqliteDatabase(Path)));
    }

    public override async Task<string> DetailsAsync()
    {
        await using var raw = await OpenRawAsync();
        var size = new[] { Path, Path + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        return $"{size / 1e6:N0} MB, SQLite {await ScalarAsync(raw, "SELECT sqlite_version();")}; roll-up rows: " +
            $"{long.Parse(await ScalarAsync(raw, "SELECT COUNT(*) FROM daily_tallies;"), CultureInfo.InvariantCulture):N0} in daily_tallies, " +
            $"{long.Parse(await ScalarAsync(raw, "SELECT COUNT(*) FROM daily_reasons;"), CultureInfo.InvariantCulture):N0} in daily_reasons";
    }

    public override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    public override RawSql Sql { get; } = new("char(31)", "filtered = 0", "json_each(r.reasons) j", "$", d => SqliteDatabase.DateText(d));
}

/// <param name="server">A connection string to the server (any database on it); the year goes into its own database.</param>
public sealed class PostgresBenchDatabase(string server, long total) : BenchDatabase
{
    private PostgresDatabase? _partial;
    private string Name => $"parsurvey_reportbench_{total}";
    private string PartialName => Name + "_partial";

    private string ConnectionTo(string database) => new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString();

    public override string Describe
    {
        get
        {
            var at = new NpgsqlConnectionStringBuilder(server);
            return $"PostgreSQL database {Name} on {at.Host}:{at.Port}";
        }
    }

    public override async Task<bool> ExistsAsync() =>
        await AdminScalarAsync($"SELECT COUNT(*) FROM pg_database WHERE datname = '{Name}';") == "1";

    public override async Task<IRatingStore> OpenPartialAsync()
    {
        await AdminAsync($"DROP DATABASE IF EXISTS {PartialName};", $"CREATE DATABASE {PartialName};");
        _partial = new PostgresDatabase(ConnectionTo(PartialName));
        var store = new PostgresRatingStore(_partial);
        await store.InitializeAsync();
        return store;
    }

    public override async Task PublishAsync(IRatingStore partial)
    {
        ((IDisposable)partial).Dispose();
        await _partial!.DisposeAsync();
        // Statistics for the planner, as autovacuum would gather them on a server that has been running a while.
        await using (var connection = new NpgsqlConnection(ConnectionTo(PartialName)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("VACUUM ANALYZE;", connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"ALTER DATABASE {PartialName} RENAME TO {Name};");
    }

    public override async Task<(IRatingStore Ratings, IFeedbackStore Feedback)> OpenAsync()
    {
        var database = new PostgresDatabase(ConnectionTo(Name));
        var store = new PostgresRatingStore(database);
        await store.InitializeAsync();
        return (store, new PostgresFeedbackStore(database));
    }

    public override async Task<string> DetailsAsync()
    {
        await using var raw = await OpenRawAsync();
        return $"{long.Parse(await ScalarAsync(raw, $"SELECT pg_database_size('{Name}');"), CultureInfo.InvariantCulture) / 1e6:N0} MB, " +
            $"PostgreSQL {await ScalarAsync(raw, "SHOW server_version;")}, shared_buffers {await ScalarAsync(raw, "SHOW shared_buffers;")}; roll-up rows: " +
            $"{long.Parse(await ScalarAsync(raw, "SELECT COUNT(*) FROM daily_tallies;"), CultureInfo.InvariantCulture):N0} in daily_tallies, " +
            $"{long.Parse(await ScalarAsync(raw, "SELECT COUNT(*) FROM daily_reasons;"), CultureInfo.InvariantCulture):N0} in daily_reasons";
    }

    public override async Task<DbConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(ConnectionTo(Name));
        await connection.OpenAsync();
        return connection;
    }

    public override RawSql Sql { get; } = new("chr(31)", "NOT filtered", "jsonb_array_elements_text(r.reasons) j(value)", "@", d => d);

    private async Task<string> AdminScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionTo("postgres"));
        await connection.OpenAsync();
        return await ScalarAsync(connection, sql);
    }

    private async Task AdminAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(ConnectionTo("postgres"));
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
