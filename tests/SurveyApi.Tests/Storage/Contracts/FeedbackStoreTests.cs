using ParSurvey.SurveyApi.Feedback;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using static ParSurvey.SurveyApi.Tests.Storage.Contracts.AdapterStores;

namespace ParSurvey.SurveyApi.Tests.Storage.Contracts;

/// <summary>IFeedbackStore (PAKN items, contacts apart), the same behaviour on every adapter.</summary>
public class FeedbackStoreTests
{
    private static FeedbackItem Item(string code, string unit, int minute) =>
        new(Guid.NewGuid(), code, unit, unit == "ward-a" ? "a1" : null, "them-giay-to", "Yêu cầu nộp thêm bản sao", "qr", T0.AddMinutes(minute),
            new DateOnly(2026, 12, 4), FeedbackStatus.Received);

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnItemAndItsContactAreStoredTogetherAndATakenCodeStoresNothing(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var item = Item("PA-AAAA-BBBB", "ward-a", 0);
        var contact = new FeedbackContact(item.Id, "0912 345 678", T0);
        Assert.True(await stores.Feedback.AddAsync(item, contact));
        Assert.Equal(item with { HasContact = true }, await stores.Feedback.FindAsync(item.Id));
        Assert.Equal(item with { HasContact = true }, await stores.Feedback.FindByCodeAsync("PA-AAAA-BBBB"));
        Assert.Equal(contact, await stores.Feedback.ContactAsync(item.Id));

        var clash = Item("PA-AAAA-BBBB", "ward-b", 1);
        Assert.False(await stores.Feedback.AddAsync(clash, new FeedbackContact(clash.Id, "a@b.vn", T0)));
        Assert.Null(await stores.Feedback.FindAsync(clash.Id));
        Assert.Null(await stores.Feedback.ContactAsync(clash.Id));
        Assert.False(await stores.Feedback.AddAsync(item with { Code = "PA-CCCC-DDDD" }, null)); // the id is taken
        Assert.Null(await stores.Feedback.FindByCodeAsync("PA-CCCC-DDDD"));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnItemMovesOnOnlyFromTheStatusItWasReadWith(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var item = Item("PA-EEEE-FFFF", "ward-a", 0);
        await stores.Feedback.AddAsync(item, null);
        var answered = item with
        {
            Status = FeedbackStatus.Answered, AssignedUnitId = "ward-a", AssignedTo = "Tổ một cửa", Answer = "Đã nhắc nhở cán bộ.",
            AnsweredAt = T0.AddDays(1), AnsweredBy = "giamsat@test.vn",
        };
        Assert.True(await stores.Feedback.UpdateAsync(answered, FeedbackStatus.Received));
        Assert.False(await stores.Feedback.UpdateAsync(item with { Status = FeedbackStatus.Closed, ClosedReason = "trùng" }, FeedbackStatus.Received));
        Assert.Equal(answered, await stores.Feedback.FindAsync(item.Id));
        var published = answered with { Status = FeedbackStatus.Published, PublishedAt = T0.AddDays(2) };
        Assert.True(await stores.Feedback.UpdateAsync(published, FeedbackStatus.Answered));
        Assert.Equal(published, await stores.Feedback.FindAsync(item.Id));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ItemsAreListedNewestFirstWithinTheUnitsStatusAndWindowAsked(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var items = new[] { Item("PA-0001-AAAA", "ward-a", 0), Item("PA-0002-AAAA", "ward-b", 10), Item("PA-0003-AAAA", "ward-a", 20) };
        foreach (var i in items) await stores.Feedback.AddAsync(i, null);
        var answered = items[2] with { Status = FeedbackStatus.Answered, Answer = "Đã trả lời.", AnsweredAt = T0.AddHours(1), AnsweredBy = "x" };
        await stores.Feedback.UpdateAsync(answered, FeedbackStatus.Received);

        Assert.Equal([answered, items[1], items[0]], await stores.Feedback.ListAsync(new FeedbackQuery()));
        Assert.Equal([answered, items[0]], await stores.Feedback.ListAsync(new FeedbackQuery(UnitIds: ["ward-a"])));
        Assert.Equal([items[0]], await stores.Feedback.ListAsync(new FeedbackQuery(UnitIds: ["ward-a"], Status: FeedbackStatus.Received)));
        Assert.Equal([items[1]], await stores.Feedback.ListAsync(new FeedbackQuery(ReceivedFrom: T0.AddMinutes(5), ReceivedBefore: T0.AddMinutes(15))));
        Assert.Equal([answered], await stores.Feedback.ListAsync(new FeedbackQuery(Limit: 1)));
        Assert.Empty(await stores.Feedback.ListAsync(new FeedbackQuery(UnitIds: [])));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ContactsGivenBeforeTheCutoffAreDeletedAndTheirItemsStay(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var (old, recent) = (Item("PA-OLD0-AAAA", "ward-a", 0), Item("PA-NEW0-AAAA", "ward-a", 1));
        await stores.Feedback.AddAsync(old, new FeedbackContact(old.Id, "cu@test.vn", T0));
        await stores.Feedback.AddAsync(recent, new FeedbackContact(recent.Id, "moi@test.vn", T0.AddDays(60)));
        Assert.Equal(1, await stores.Feedback.DeleteContactsBeforeAsync(T0.AddDays(30)));
        Assert.Null(await stores.Feedback.ContactAsync(old.Id));
        Assert.Equal(old, await stores.Feedback.FindAsync(old.Id)); // no contact any more
        Assert.Equal("moi@test.vn", (await stores.Feedback.ContactAsync(recent.Id))!.Contact);
        Assert.Equal(0, await stores.Feedback.DeleteContactsBeforeAsync(T0.AddDays(30)));
    }
}
