using ParSurvey.SurveyApi.Survey;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using static ParSurvey.SurveyApi.Tests.Storage.Contracts.AdapterStores;

namespace ParSurvey.SurveyApi.Tests.Storage.Contracts;

/// <summary>IPosterStore, the same behaviour on every adapter.</summary>
public class PosterStoreTests
{
    private static PosterLink Poster(string counter, int hour) => new(Guid.NewGuid(), counter, "ward-a", T0.AddHours(hour), "quantri@test.vn", null, null);

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ACountersCurrentPosterIsItsNewestUnrevokedOne(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var (older, newer, elsewhere) = (Poster("a1", 0), Poster("a1", 1), Poster("a2", 2));
        foreach (var p in new[] { older, newer, elsewhere }) await stores.Posters.AddAsync(p);
        Assert.Equal(newer, await stores.Posters.CurrentAsync("a1"));

        Assert.True(await stores.Posters.RevokeAsync(newer.Id, T0.AddDays(1), "giamsat@test.vn"));
        Assert.False(await stores.Posters.RevokeAsync(newer.Id, T0.AddDays(2), "giamsat@test.vn"));
        Assert.False(await stores.Posters.RevokeAsync(Guid.NewGuid(), T0, "giamsat@test.vn"));
        Assert.Equal(older, await stores.Posters.CurrentAsync("a1"));
        await stores.Posters.RevokeAsync(older.Id, T0.AddDays(1), "giamsat@test.vn");
        Assert.Null(await stores.Posters.CurrentAsync("a1"));
        Assert.Equal(elsewhere, await stores.Posters.FindAsync(elsewhere.Id));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TheCountersPostersAreListedNewestFirstRevokedOnesToo(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var posters = new[] { Poster("a1", 0), Poster("a2", 1), Poster("a1", 2), Poster("b1", 3) };
        foreach (var p in posters) await stores.Posters.AddAsync(p);
        await stores.Posters.RevokeAsync(posters[0].Id, T0.AddDays(1), "giamsat@test.vn");
        var revoked = posters[0] with { RevokedAt = T0.AddDays(1), RevokedBy = "giamsat@test.vn" };
        Assert.Equal([posters[2], revoked], await stores.Posters.ListAsync(["a1"]));
        Assert.Equal([posters[2], posters[1], revoked], await stores.Posters.ListAsync(["a1", "a2"]));
        Assert.Empty(await stores.Posters.ListAsync(["zz"]));
    }
}
