using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Sqlite;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Storage;

public class SqliteRatingStoreTests : RatingStoreContract, IDisposable
{
    private readonly List<SqliteRatingStore> _stores = [];

    /// <summary>How many recent ids the stores under test keep in memory before merging them into the index.</summary>
    protected virtual int RecentIdLimit => SqliteRatingStore.DefaultRecentIdLimit;

    protected override async Task<IRatingStore> CreateEmptyStoreAsync() =>
        await OpenAsync(Path.Combine(TempFolder.Create(), "nested", "parsurvey.db"));

    private async Task<SqliteRatingStore> OpenAsync(string path, int? recentIdLimit = null)
    {
        var store = new SqliteRatingStore(new SqliteDatabase(path), recentIdLimit: recentIdLimit ?? RecentIdLimit, pressCooldown: PressCooldown);
        _stores.Add(store);
        await store.InitializeAsync();
        return store;
    }

    [Fact]
    public async Task ReopeningTheFileKeepsTheRatingsAndTheSchema()
    {
        var path = Path.Combine(TempFolder.Create(), "parsurvey.db");
        using (var first = new SqliteRatingStore(path))
        {
            await first.InitializeAsync();
            await first.OutcomesOf([Make(), Make()]);
        }
        using var second = new SqliteRatingStore(path);
        await second.InitializeAsync();
        Assert.Equal(2, await second.CountAsync());
    }

    [Fact]
    public async Task RepeatsAreRecognisedAfterARestartWhetherOrNotTheirIdsWereMerged()
    {
        var path = Path.Combine(TempFolder.Create(), "parsurvey.db");
        var merged = Enumerable.Range(0, 12).Select(i => Make(hash: $"m{i}")).ToArray();
        var recent = Enumerable.Range(0, 3).Select(i => Make(hash: $"r{i}")).ToArray();
        var first = await OpenAsync(path, recentIdLimit: 10);
        await first.OutcomesOf(merged);
        first.Dispose(); // waits for the merge that the 12 ratings started
        Assert.Equal((12L, 12L), IndexedIdsAndMark(path));

        var second = await OpenAsync(path, recentIdLimit: 10);
        await second.OutcomesOf(recent);
        second.Dispose();
        Assert.Equal((12L, 12L), IndexedIdsAndMark(path)); // 3 recent ids are not worth a merge yet

        var third = await OpenAsync(path, recentIdLimit: 10);
        Assert.All(await third.OutcomesOf([.. merged, .. recent]), outcome => Assert.Equal(AppendOutcome.Duplicate, outcome));
        Assert.Equal([AppendOutcome.Conflict, AppendOutcome.Conflict],
            await third.OutcomesOf([merged[0] with { ContentHash = "other" }, recent[0] with { ContentHash = "other" }]));
        Assert.Equal(recent[2].ContentHash, (await third.FindAsync(recent[2].Id))?.ContentHash);
        Assert.Equal(merged[11].ContentHash, (await third.FindAsync(merged[11].Id))?.ContentHash);
        Assert.Equal(15, await third.CountAsync());
    }

    [Fact]
    public async Task AVersion1DatabaseIsUpgradedWithEveryRatingKept()
    {
        var path = Path.Combine(TempFolder.Create(), "parsurvey.db");
        var old = new[] { (Guid.NewGuid(), "h-a"), (Guid.NewGuid(), "h-b"), (Guid.NewGuid(), "h-c") };
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // The version 1 ratings table, keyed by id, as the first release created it.
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE ratings (
                    id TEXT NOT NULL PRIMARY KEY, counter_id TEXT NOT NULL, unit_id TEXT NOT NULL, field_code TEXT NOT NULL,
                    score INTEGER NOT NULL, satisfied INTEGER NOT NULL, channel TEXT NOT NULL, reasons TEXT NOT NULL,
                    comment TEXT, procedure_code TEXT, submitted_at TEXT, received_at TEXT NOT NULL, occurred_at TEXT NOT NULL,
                    local_date TEXT NOT NULL, content_hash TEXT NOT NULL, token_id TEXT);
                CREATE INDEX ix_ratings_local_date ON ratings (local_date, counter_id);
                CREATE UNIQUE INDEX ux_ratings_token ON ratings (token_id) WHERE token_id IS NOT NULL;
                CREATE INDEX ix_ratings_comments ON ratings (local_date) WHERE comment IS NOT NULL;
                CREATE TABLE daily_tallies (local_date TEXT NOT NULL, counter_id TEXT NOT NULL, field_code TEXT NOT NULL,
                    score INTEGER NOT NULL, satisfied INTEGER NOT NULL, count INTEGER NOT NULL,
                    PRIMARY KEY (local_date, counter_id, field_code, score, satisfied)) WITHOUT ROWID;
                CREATE TABLE daily_reasons (local_date TEXT NOT NULL, counter_id TEXT NOT NULL, field_code TEXT NOT NULL,
                    reason TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (local_date, counter_id, field_code, reason)) WITHOUT ROWID;
                INSERT INTO daily_tallies VALUES ('2026-11-10', 'a1', 'ho-tich', 4, 1, 3);
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
            foreach (var (id, hash) in old)
            {
                command.CommandText = """
                    INSERT INTO ratings VALUES ($id, 'a1', 'ward-a', 'ho-tich', 4, 1, 'kiosk', '[]', 'Tốt', NULL, NULL,
                        '2026-11-10T05:00:00.0000000Z', '2026-11-10T05:00:00.0000000Z', '2026-11-10', $hash, NULL);
                    """;
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$id", id.ToString("D"));
                command.Parameters.AddWithValue("$hash", hash);
                command.ExecuteNonQuery();
            }
        }

        var store = await OpenAsync(path);
        Assert.Equal(3, await store.CountAsync());
        Assert.Equal("Tốt", (await store.FindAsync(old[1].Item1))?.Comment);
        Assert.Equal([AppendOutcome.Duplicate, AppendOutcome.Conflict, AppendOutcome.Created],
            await store.OutcomesOf([Make(id: old[0].Item1, hash: "h-a"), Make(id: old[2].Item1, hash: "changed"), Make()]));
        Assert.Equal(3, (await store.CommentsAsync(new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 10), null, 10)).Count(c => c.Comment == "Tốt"));
        store.Dispose();
        Assert.Equal((3L, 3L), IndexedIdsAndMark(path));
        using var check = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version;";
        Assert.Equal((long)SqliteDatabase.SchemaVersion, (long)version.ExecuteScalar()!);
    }

    [Fact]
    public async Task DailyRollUpsAgreeExactlyWithTheRatingRows()
    {
        var path = Path.Combine(TempFolder.Create(), "parsurvey.db");
        var store = await OpenAsync(path);
        var random = new Random(7);
        var first = new DateOnly(2026, 10, 1);
        for (var batch = 0; batch < 20; batch++)
        {
            var ratings = Enumerable.Range(0, 100).Select(_ =>
            {
                var score = random.Next(1, 5);
                return Make(new[] { "a1", "a2", "b1" }[random.Next(3)], new[] { "ho-tich", "dat-dai" }[random.Next(2)], score, score >= 3, first.AddDays(random.Next(40)));
            }).ToList();
            ratings.Add(ratings[0]); // a duplicate must not count twice in the roll-up
            await store.OutcomesOf(ratings);
        }
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM (
                      SELECT local_date, counter_id, field_code, scale_id, score, level_group, COUNT(*) FROM ratings GROUP BY 1, 2, 3, 4, 5, 6
                      EXCEPT SELECT local_date, counter_id, field_code, scale_id, score, level_group, count FROM daily_tallies))
                 + (SELECT COUNT(*) FROM (
                      SELECT local_date, counter_id, field_code, scale_id, score, level_group, count FROM daily_tallies
                      EXCEPT SELECT local_date, counter_id, field_code, scale_id, score, level_group, COUNT(*) FROM ratings GROUP BY 1, 2, 3, 4, 5, 6));
            """;
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
        command.CommandText = "SELECT (SELECT COUNT(*) FROM ratings) - (SELECT SUM(count) FROM daily_tallies);";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
        command.CommandText = """
            SELECT COUNT(*) FROM (
                SELECT r.local_date, r.counter_id, r.field_code, j.value, COUNT(*) FROM ratings r, json_each(r.reasons) j GROUP BY 1, 2, 3, 4
                EXCEPT SELECT local_date, counter_id, field_code, reason, count FROM daily_reasons);
            """;
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
        Assert.Equal(await store.CountAsync(), (await store.TallyAsync(new TallyQuery(first, first.AddDays(40), TallyDimension.None))).Sum(c => c.Count));
    }

    /// <summary>How many ids the index holds, and the last rating (seq) it covers.</summary>
    private static (long Indexed, long Mark) IndexedIdsAndMark(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM rating_ids), (SELECT value FROM store_marks WHERE name = 'rating_ids');";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The whole contract again with ids merged into the index every few ratings, while other calls go on.</summary>
public sealed class SqliteRatingStoreMergingOftenTests : SqliteRatingStoreTests
{
    protected override int RecentIdLimit => 4;
}
