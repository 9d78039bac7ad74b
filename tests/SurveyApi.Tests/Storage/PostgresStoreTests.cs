using Npgsql;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Postgres;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Storage;

/// <summary>A fresh database on the shared test cluster per store, dropped after the test.</summary>
internal sealed class PostgresTestDatabases : IAsyncDisposable
{
    private readonly List<(PostgresDatabase Database, string ConnectionString)> _made = [];

    public async Task<PostgresDatabase> CreateAsync()
    {
        var connectionString = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync();
        var database = new PostgresDatabase(connectionString);
        lock (_made) _made.Add((database, connectionString));
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        foreach (var (database, connectionString) in _made)
        {
            await database.DisposeAsync();
            await cluster.DropDatabaseAsync(connectionString);
        }
    }
}

public sealed class PostgresRatingStoreTests : RatingStoreContract, IAsyncLifetime
{
    private readonly PostgresTestDatabases _databases = new();
    private readonly List<PostgresRatingStore> _stores = [];

    protected override async Task<IRatingStore> CreateEmptyStoreAsync() => await OpenAsync(await _databases.CreateAsync());

    private async Task<PostgresRatingStore> OpenAsync(PostgresDatabase database)
    {
        var store = new PostgresRatingStore(database, PressCooldown);
        _stores.Add(store);
        await store.InitializeAsync();
        return store;
    }

    [Fact]
    public async Task ReopeningTheDatabaseKeepsTheRatingsAndRecognisesTheirRepeats()
    {
        var database = await _databases.CreateAsync();
        var ratings = new[] { Make(hash: "a"), Make(hash: "b") };
        using (var first = new PostgresRatingStore(database))
        {
            await first.InitializeAsync();
            await first.OutcomesOf(ratings);
        }
        var second = await OpenAsync(new PostgresDatabase(ConnectionStringOf(database)));
        Assert.Equal(2, await second.CountAsync());
        Assert.Equal([AppendOutcome.Duplicate, AppendOutcome.Conflict], await second.OutcomesOf([ratings[0], ratings[1] with { ContentHash = "other" }]));
        Assert.Equal(PostgresDatabase.SchemaVersion, await ScalarAsync<int>(database, "SELECT MAX(version) FROM schema_migrations;"));
    }

    [Fact]
    public async Task DailyRollUpsAgreeExactlyWithTheRatingRows()
    {
        var database = await _databases.CreateAsync();
        var store = await OpenAsync(database);
        var random = new Random(7);
        var first = new DateOnly(2026, 10, 1);
        for (var batch = 0; batch < 10; batch++)
        {
            var ratings = Enumerable.Range(0, 100).Select(_ =>
            {
                var score = random.Next(1, 5);
                return Make(new[] { "a1", "a2", "b1" }[random.Next(3)], new[] { "ho-tich", "dat-dai" }[random.Next(2)], score, score >= 3, first.AddDays(random.Next(40)));
            }).ToList();
            ratings.Add(ratings[0]); // a duplicate must not count twice in the roll-up
            await store.OutcomesOf(ratings);
        }
        Assert.Equal(0L, await ScalarAsync<long>(database, """
            SELECT COUNT(*) FROM (
                (SELECT local_date, counter_id, field_code, scale_id, score, level_group, COUNT(*) FROM ratings GROUP BY 1, 2, 3, 4, 5, 6
                 EXCEPT SELECT local_date, counter_id, field_code, scale_id, score, level_group, count FROM daily_tallies)
                UNION ALL
                (SELECT local_date, counter_id, field_code, scale_id, score, level_group, count FROM daily_tallies
                 EXCEPT SELECT local_date, counter_id, field_code, scale_id, score, level_group, COUNT(*) FROM ratings GROUP BY 1, 2, 3, 4, 5, 6)) d;
            """));
        Assert.Equal(0L, await ScalarAsync<long>(database, """
            SELECT COUNT(*) FROM (
                SELECT r.local_date, r.counter_id, r.field_code, j.reason, COUNT(*) FROM ratings r, jsonb_array_elements_text(r.reasons) AS j(reason) GROUP BY 1, 2, 3, 4
                EXCEPT SELECT local_date, counter_id, field_code, reason, count FROM daily_reasons) d;
            """));
        Assert.Equal(1000L, await ScalarAsync<long>(database, "SELECT SUM(count)::bigint FROM daily_tallies;"));
    }

    [Fact]
    public async Task AFailedBatchLeavesNothingHalfWrittenAndTheNextOneIsStored()
    {
        var database = await _databases.CreateAsync();
        var store = await OpenAsync(database);
        // A NUL character cannot be stored in PostgreSQL text: the batch fails as a whole, its first rating included.
        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync([Make(hash: "fine"), Make(comment: "bad\0comment")]));
        Assert.Equal(0, await store.CountAsync());
        Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT COUNT(*) FROM daily_tallies;"));
        Assert.Equal([AppendOutcome.Created], await store.OutcomesOf([Make()]));
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task ARepeatedPressIsFilteredWhenTheKiosksRequestsReachTwoServersSharingTheDatabase()
    {
        var database = await _databases.CreateAsync();
        var nodeA = await OpenAsync(database);
        var nodeB = await OpenAsync(new PostgresDatabase(ConnectionStringOf(database)));
        // Both servers have written for this kiosk, so each keeps its mark in memory.
        var start = new DateTimeOffset(2026, 11, 10, 2, 0, 0, TimeSpan.Zero);
        Rating Press(DateTimeOffset at) => Make() with { DeviceId = "kiosk-1", OccurredAt = at, ReceivedAt = at };
        await nodeA.AppendAsync([Press(start)]);
        await nodeB.AppendAsync([Press(start.AddMinutes(1))]);
        // Then A counts a press, and B gets the same citizen's second press 2 s later (cooldown 5 s): B must filter it
        // from the mark A stored, not from its own older one; and A must filter B's next one the same way.
        var counted = await nodeA.AppendAsync([Press(start.AddMinutes(2))]);
        var repeated = await nodeB.AppendAsync([Press(start.AddMinutes(2).AddSeconds(2))]);
        var later = await nodeA.AppendAsync([Press(start.AddMinutes(2).AddSeconds(4))]);
        var next = await nodeB.AppendAsync([Press(start.AddMinutes(3))]);
        Assert.Equal([false, true, true, false], new[] { counted, repeated, later, next }.Select(r => r.Single().Filtered));
        Assert.Equal(2L, await ScalarAsync<long>(database, "SELECT COUNT(*) FROM ratings WHERE filtered;"));
        Assert.Equal(2L, await ScalarAsync<long>(database, "SELECT COALESCE(SUM(count), 0)::bigint FROM daily_filtered;"));
        Assert.Equal(start.AddMinutes(3).UtcDateTime,
            await ScalarAsync<DateTime>(database, "SELECT last_counted_at FROM device_marks WHERE device_id = 'kiosk-1';"));
    }

    [Fact]
    public async Task TheBoardFeedReadsNewRatingsAndFilledGapsThroughTheSequenceIndexNotTheWholeTable()
    {
        var database = await _databases.CreateAsync();
        var store = await OpenAsync(database);
        // Never analysed, as a busy city's table is between two autovacuum runs: the planner has no statistics to go by.
        await ScalarAsync<object>(database, "ALTER TABLE ratings SET (autovacuum_enabled = false); SELECT 1;");
        for (var batch = 0; batch < 20; batch++) await store.OutcomesOf(Enumerable.Range(0, 200).Select(_ => Make()).ToArray());
        var top = await ScalarAsync<long>(database, "SELECT MAX(seq) FROM ratings;");
        Assert.Equal(4000L, await ScalarAsync<long>(database, "SELECT COUNT(*) FROM ratings;"));

        var page = await new PostgresRatingFeed(database).ReadAfterAsync(top - 10, [top - 100, top - 50], 5000);

        long[] expected = [top - 100, top - 50, .. Enumerable.Range(1, 10).Select(i => top - 10 + i)];
        Assert.Equal(expected, page.Ratings.Select(r => r.Sequence));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN " + PostgresRatingFeed.ReadAfterSql, connection)
        {
            Parameters = { new() { Value = top - 10 }, new() { Value = top }, new() { Value = 5000 }, new() { Value = new[] { top - 100, top - 50 } } },
        };
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan"));
        Assert.Contains(plan, line => line.Contains("ix_ratings_seq"));
    }

    private static string ConnectionStringOf(PostgresDatabase database) => database.DataSource.ConnectionString;

    private static async Task<T> ScalarAsync<T>(PostgresDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var store in _stores) store.Dispose();
        await _databases.DisposeAsync();
    }
}

public sealed class PostgresAccessStoreTests : AccessStoreContract, IAsyncLifetime
{
    private readonly PostgresTestDatabases _databases = new();

    protected override async Task<(IStaffStore, IDeviceStore, IAuditLog)> CreateEmptyStoresAsync()
    {
        var database = await _databases.CreateAsync();
        return (new PostgresStaffStore(database), new PostgresDeviceStore(database), new PostgresAuditLog(database));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => _databases.DisposeAsync().AsTask();
}
