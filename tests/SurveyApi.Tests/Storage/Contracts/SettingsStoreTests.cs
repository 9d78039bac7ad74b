using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using static ParSurvey.SurveyApi.Tests.Storage.Contracts.AdapterStores;

namespace ParSurvey.SurveyApi.Tests.Storage.Contracts;

/// <summary>ISettingsStore, the same behaviour on every adapter.</summary>
public class SettingsStoreTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ASettingIsAbsentUntilSetThenTheLastValueWins(string provider)
    {
        await using var stores = await CreateAsync(provider);
        Assert.Null(await stores.Settings.GetAsync("public-base-url"));
        var first = new StoredSetting("public-base-url", "https://a.gov.vn", T0, "quantri@test.vn");
        await stores.Settings.SetAsync(first);
        Assert.Equal(first, await stores.Settings.GetAsync("public-base-url"));
        var second = new StoredSetting("public-base-url", "https://hailong.phường-a.gov.vn", T0.AddHours(1), "khac@test.vn");
        await stores.Settings.SetAsync(second);
        Assert.Equal(second, await stores.Settings.GetAsync("public-base-url"));
        Assert.Null(await stores.Settings.GetAsync("other"));
    }
}
