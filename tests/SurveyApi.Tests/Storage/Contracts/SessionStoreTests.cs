using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using static ParSurvey.SurveyApi.Tests.Storage.Contracts.AdapterStores;

namespace ParSurvey.SurveyApi.Tests.Storage.Contracts;

/// <summary>ISessionStore, the same behaviour on every adapter.</summary>
public class SessionStoreTests
{
    private static StaffSession Open(Guid staff, int minute) => new(Guid.NewGuid(), staff, T0.AddMinutes(minute), T0.AddMinutes(minute), "Firefox", null, null, null);

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task OpenSessionsAreListedNewestFirstAndASessionEndsOnce(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var (hoa, tam) = (Guid.NewGuid(), Guid.NewGuid());
        var (first, second, other) = (Open(hoa, 0), Open(hoa, 1), Open(tam, 2));
        foreach (var s in new[] { first, second, other }) await stores.Sessions.CreateAsync(s);
        Assert.Equal([second, first], await stores.Sessions.ListOpenAsync(hoa));

        Assert.True(await stores.Sessions.EndAsync(first.Id, T0.AddMinutes(5), "hoa@test.vn", SessionEnd.SignOut));
        Assert.False(await stores.Sessions.EndAsync(first.Id, T0.AddMinutes(6), "hoa@test.vn", SessionEnd.SignOut));
        Assert.False(await stores.Sessions.EndAsync(Guid.NewGuid(), T0, "x", SessionEnd.SignOut));
        Assert.Equal(first with { EndedAt = T0.AddMinutes(5), EndedBy = "hoa@test.vn", EndReason = SessionEnd.SignOut },
            await stores.Sessions.FindAsync(first.Id));
        Assert.Equal([second], await stores.Sessions.ListOpenAsync(hoa));
        Assert.Equal([other], await stores.Sessions.ListOpenAsync(tam));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task EndingAllOfAnAccountsSessionsKeepsTheOneAskedForAndLeavesOtherAccountsAlone(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var (hoa, tam) = (Guid.NewGuid(), Guid.NewGuid());
        var sessions = new[] { Open(hoa, 0), Open(hoa, 1), Open(hoa, 2) };
        var other = Open(tam, 3);
        foreach (var s in sessions.Append(other)) await stores.Sessions.CreateAsync(s);

        var ended = await stores.Sessions.EndAllAsync(hoa, sessions[1].Id, T0.AddHours(1), "quantri@test.vn", SessionEnd.PasswordChanged);
        Assert.Equal(new[] { sessions[0].Id, sessions[2].Id }.Order(), ended.Order());
        Assert.Equal([sessions[1]], await stores.Sessions.ListOpenAsync(hoa));
        Assert.Equal([other], await stores.Sessions.ListOpenAsync(tam));
        Assert.Equal(SessionEnd.PasswordChanged, (await stores.Sessions.FindAsync(sessions[0].Id))!.EndReason);
        Assert.Empty(await stores.Sessions.EndAllAsync(hoa, sessions[1].Id, T0.AddHours(2), "quantri@test.vn", SessionEnd.Admin));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ATouchedSessionRemembersWhenItWasLastSeen(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var session = Open(Guid.NewGuid(), 0);
        await stores.Sessions.CreateAsync(session);
        await stores.Sessions.TouchAsync(session.Id, T0.AddMinutes(42));
        Assert.Equal(session with { LastSeenAt = T0.AddMinutes(42) }, await stores.Sessions.FindAsync(session.Id));
        Assert.Null(await stores.Sessions.FindAsync(Guid.NewGuid()));
    }
}
