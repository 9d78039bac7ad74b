using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using static ParSurvey.SurveyApi.Tests.Storage.Contracts.AdapterStores;

namespace ParSurvey.SurveyApi.Tests.Storage.Contracts;

/// <summary>IApiTokenStore and IStaffInvitationStore (the console's secrets kept as hashes), the same behaviour on every adapter.</summary>
public class ApiTokenStoreTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ATokenIsFoundByItsHashUntilItIsRevoked(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var token = new ApiToken(Guid.NewGuid(), Guid.NewGuid(), "báo cáo hằng tháng", T0, "quantri@test.vn", null, null);
        await stores.ApiTokens.CreateAsync(token, "hash-1");
        Assert.Equal(token, await stores.ApiTokens.FindActiveByHashAsync("hash-1"));
        Assert.Null(await stores.ApiTokens.FindActiveByHashAsync("hash-2"));

        await stores.ApiTokens.TouchAsync(token.Id, T0.AddMinutes(3));
        Assert.True(await stores.ApiTokens.RevokeAsync(token.Id, T0.AddDays(1)));
        Assert.False(await stores.ApiTokens.RevokeAsync(token.Id, T0.AddDays(2)));
        Assert.False(await stores.ApiTokens.RevokeAsync(Guid.NewGuid(), T0));
        Assert.Null(await stores.ApiTokens.FindActiveByHashAsync("hash-1"));
        Assert.Equal([token with { LastUsedAt = T0.AddMinutes(3), RevokedAt = T0.AddDays(1) }], await stores.ApiTokens.ListAsync());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnInvitationIsUsableOnceAndOnlyBeforeItExpires(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var colleague = Guid.NewGuid();
        await stores.Invitations.CreateAsync("invite-1", colleague, T0.AddHours(72));
        await stores.Invitations.CreateAsync("invite-2", colleague, T0.AddHours(72));
        Assert.Equal(colleague, await stores.Invitations.FindUsableAsync("invite-1", T0));
        Assert.True(await stores.Invitations.UseAsync("invite-1", T0.AddHours(1)));
        Assert.False(await stores.Invitations.UseAsync("invite-1", T0.AddHours(2)));
        Assert.Null(await stores.Invitations.FindUsableAsync("invite-1", T0.AddHours(2)));

        Assert.Null(await stores.Invitations.FindUsableAsync("invite-2", T0.AddHours(73)));
        Assert.False(await stores.Invitations.UseAsync("invite-2", T0.AddHours(73)));
        Assert.Null(await stores.Invitations.FindUsableAsync("unknown", T0));
    }
}
