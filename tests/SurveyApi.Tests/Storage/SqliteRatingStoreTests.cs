using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Storage;

public sealed class SqliteRatingStoreTests : RatingStoreContract, IDisposable
{
    private readonly List<SqliteRatingStore> _stores = [];

    protected override async Task<IRatingStore> CreateEmptyStoreAsync()
    {
        var store = new SqliteRatingStore(Path.Combine(TempFolder.Create(), "nested", "parsurvey.db"));
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
            await first.AppendAsync([Make(), Make()]);
        }
        using var second = new SqliteRatingStore(path);
        await second.InitializeAsync();
        Assert.Equal(2, await second.CountAsync());
    }

    [Fact]
    public async Task DailyRollUpsAgreeExactlyWithTheRatingRows()
    {
        var path = Path.Combine(TempFolder.Create(), "parsurvey.db");
        using var store = new SqliteRatingStore(path);
        await store.InitializeAsync();
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
            await store.AppendAsync(ratings);
        }
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM (
                      SELECT local_date, counter_id, field_code, score, satisfied, COUNT(*) FROM ratings GROUP BY 1, 2, 3, 4, 5
                      EXCEPT SELECT local_date, counter_id, field_code, score, satisfied, count FROM daily_tallies))
                 + (SELECT COUNT(*) FROM (
                      SELECT local_date, counter_id, field_code, score, satisfied, count FROM daily_tallies
                      EXCEPT SELECT local_date, counter_id, field_code, score, satisfied, COUNT(*) FROM ratings GROUP BY 1, 2, 3, 4, 5));
            """;
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
        command.CommandText = "SELECT (SELECT COUNT(*) FROM ratings) - (SELECT SUM(count) FROM daily_tallies);";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
        Assert.Equal(await store.CountAsync(), (await store.TallyAsync(new TallyQuery(first, first.AddDays(40), TallyDimension.None))).Sum(c => c.Count));
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
