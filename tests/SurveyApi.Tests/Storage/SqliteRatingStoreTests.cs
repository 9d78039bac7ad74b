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

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
