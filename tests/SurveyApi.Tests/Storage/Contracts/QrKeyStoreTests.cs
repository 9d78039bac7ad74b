using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using static ParSurvey.SurveyApi.Tests.Storage.Contracts.AdapterStores;

namespace ParSurvey.SurveyApi.Tests.Storage.Contracts;

/// <summary>IQrKeyStore, the same behaviour on every adapter.</summary>
public class QrKeyStoreTests
{
    private static QrSigningKey Key(string id, byte fill) => new(id, Enumerable.Repeat(fill, 32).ToArray(), T0, "quantri@test.vn", null, null);

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AKeyIdIsStoredOnceWithItsSecret(string provider)
    {
        await using var stores = await CreateAsync(provider);
        Assert.True(await stores.QrKeys.AddAsync(Key("k1", 7)));
        Assert.False(await stores.QrKeys.AddAsync(Key("k1", 9))); // another server sharing the store added it first
        Assert.True(await stores.QrKeys.AddAsync(Key("k2", 8)));
        var keys = (await stores.QrKeys.ListAsync()).OrderBy(k => k.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(["k1", "k2"], keys.Select(k => k.Id));
        Assert.Equal(Enumerable.Repeat((byte)7, 32), keys[0].Secret);
        Assert.Equal(T0, keys[0].CreatedAt);
        Assert.All(keys, k => Assert.False(k.IsRetired));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ARetiredKeyStaysRetired(string provider)
    {
        await using var stores = await CreateAsync(provider);
        await stores.QrKeys.AddAsync(Key("k1", 1));
        Assert.True(await stores.QrKeys.RetireAsync("k1", T0.AddDays(1), "quantri@test.vn"));
        Assert.False(await stores.QrKeys.RetireAsync("k1", T0.AddDays(2), "khac@test.vn"));
        Assert.False(await stores.QrKeys.RetireAsync("none", T0, "quantri@test.vn"));
        var key = Assert.Single(await stores.QrKeys.ListAsync());
        Assert.Equal((T0.AddDays(1), "quantri@test.vn"), (key.RetiredAt!.Value, key.RetiredBy));
    }
}
