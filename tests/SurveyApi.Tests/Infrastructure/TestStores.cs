using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>The storage providers the contract suites run against: each test that takes a provider runs once per provider.</summary>
public static class Providers
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary>For [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))].</summary>
    public static TheoryData<string> All => new() { Sqlite, Postgres };
}

/// <summary>
/// What a test server stores into: the SQLite file in its data folder, or a fresh database on the shared PostgreSQL
/// cluster (dropped when disposed); the arguments that choose it, and the probe that reads it beside the app.
/// </summary>
public abstract class TestStore : IAsyncDisposable
{
    public static async Task<TestStore> CreateAsync(string provider, string dataDirectory) => provider switch
    {
        Providers.Sqlite => new SqliteTestStore(dataDirectory),
        Providers.Postgres => new PostgresTestStore(await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync()),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "sqlite or postgres"),
    };

    /// <summary>The server's command-line arguments that choose this store.</summary>
    public abstract string[] Arguments { get; }

    public abstract IStoreProbe Probe { get; }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class SqliteTestStore(string dataDirectory) : TestStore
{
    public override string[] Arguments => [];
    public override IStoreProbe Probe => StoreProbes.For(dataDirectory);
}

public sealed class PostgresTestStore(string connectionString) : TestStore
{
    public string ConnectionString { get; } = connectionString;

    public override string[] Arguments => ["--ParSurvey:Storage:Provider=postgres", $"--ParSurvey:Storage:ConnectionString={ConnectionString}"];

    public override IStoreProbe Probe => new PostgresStoreProbe(ConnectionString);

    public override async ValueTask DisposeAsync() => await (await PostgresCluster.SharedAsync()).DropDatabaseAsync(ConnectionString);
}

/// <summary>Reads the PostgreSQL database with its own SQL, on its own connection, beside the running app.</summary>
public sealed class PostgresStoreProbe(string connectionString) : IStoreProbe
{
    public long CountRatings() => Query("SELECT COUNT(*) FROM ratings;", r => r.GetInt64(0)).SingleOrDefault();

    public IReadOnlyList<StoredRating> Ratings() => Query("""
        SELECT id, counter_id, unit_id, field_code, scale_id, score, level_group, satisfied, channel, reasons::text, comment,
               procedure_code, token_id, device_id, filtered, local_date, received_at
        FROM ratings;
        """, r => new StoredRating(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
            r.GetString(6), r.GetBoolean(7), r.GetString(8), JsonSerializer.Deserialize<string[]>(r.GetString(9)) ?? [],
            Text(r, 10), Text(r, 11), Text(r, 12), Text(r, 13), r.GetBoolean(14), r.GetFieldValue<DateOnly>(15),
            new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(16), DateTimeKind.Utc))));

    public IReadOnlyList<Guid> RatingIds() => Query("SELECT id FROM ratings;", r => r.GetGuid(0));

    public IReadOnlyList<IReadOnlyDictionary<string, string?>> RawRatings() => Query("SELECT * FROM ratings;",
        r => (IReadOnlyDictionary<string, string?>)Enumerable.Range(0, r.FieldCount)
            .ToDictionary(r.GetName, i => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)));

    public long CountFeedback(bool contacts = false) =>
        Query($"SELECT COUNT(*) FROM {(contacts ? "feedback_contacts" : "feedback")};", r => r.GetInt64(0)).SingleOrDefault();

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>Nothing before the server has created its tables.</summary>
    private List<T> Query<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        connection.Open();
        using (var exists = new NpgsqlCommand("SELECT to_regclass('public.ratings') IS NOT NULL;", connection))
            if (!(bool)exists.ExecuteScalar()!) return [];
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read()) list.Add(read(reader));
        return list;
    }
}
