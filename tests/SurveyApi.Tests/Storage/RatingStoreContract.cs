using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Tests.Storage;

/// <summary>
/// What every storage adapter must do. An adapter's test class derives from this and says how to make an empty store;
/// SQLite today, PostgreSQL and MongoDB later, all held to the same rules.
/// </summary>
public abstract class RatingStoreContract
{
    /// <summary>The cooldown of the press filter in the stores under test.</summary>
    protected static readonly TimeSpan PressCooldown = TimeSpan.FromSeconds(5);

    protected abstract Task<IRatingStore> CreateEmptyStoreAsync();

    private static readonly DateTimeOffset Noon = new(2026, 11, 10, 5, 0, 0, TimeSpan.Zero);

    protected static Rating Make(string counter = "a1", string field = "ho-tich", int score = 4, bool satisfied = true,
        DateOnly? day = null, Guid? id = null, string hash = "h1", string? comment = null) =>
        new(id ?? Guid.NewGuid(), counter, "ward-a", field, "4-muc", score, satisfied ? LevelGroup.Satisfied : LevelGroup.NotSatisfied,
            "kiosk", ["cho-lau"], comment, null, null, Noon, Noon, day ?? new DateOnly(2026, 11, 10), hash);

    /// <summary>A tally row of Make's ratings: the 4-level scale, satisfied from 3 up.</summary>
    private static TallyCount Count(TallyKey key, int score, long count) =>
        new(key, "4-muc", score, score >= 3 ? LevelGroup.Satisfied : LevelGroup.NotSatisfied, count);

    [Fact]
    public async Task NewRatingsAreCreatedAndCounted()
    {
        var store = await CreateEmptyStoreAsync();
        var outcomes = await store.OutcomesOf([Make(), Make(), Make()]);
        Assert.Equal([AppendOutcome.Created, AppendOutcome.Created, AppendOutcome.Created], outcomes);
        Assert.Equal(3, await store.CountAsync());
    }

    [Fact]
    public async Task StoredRatingReadsBackFieldForField()
    {
        var store = await CreateEmptyStoreAsync();
        var rating = Make(comment: "Cán bộ nhiệt tình <b>lắm</b>") with
        {
            ProcedureCode = "1.004227", SubmittedAt = Noon.AddMinutes(-3), Reasons = ["cho-lau", "thai-do"], Channel = "qr",
        };
        await store.OutcomesOf([rating]);
        var found = await store.FindAsync(rating.Id);
        Assert.NotNull(found);
        Assert.Equal(rating with { Reasons = [] }, found! with { Reasons = [] });
        Assert.Equal(rating.Reasons, found.Reasons);
        Assert.Null(await store.FindAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task SameIdWithSameContentIsADuplicateAndStoredOnce()
    {
        var store = await CreateEmptyStoreAsync();
        var rating = Make();
        await store.OutcomesOf([rating]);
        Assert.Equal([AppendOutcome.Duplicate], await store.OutcomesOf([rating with { ReceivedAt = Noon.AddHours(1) }]));
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task SameIdWithOtherContentIsAConflictAndTheFirstStays()
    {
        var store = await CreateEmptyStoreAsync();
        var rating = Make(score: 4, hash: "first");
        await store.OutcomesOf([rating]);
        Assert.Equal([AppendOutcome.Conflict], await store.OutcomesOf([rating with { Score = 1, ContentHash = "second" }]));
        Assert.Equal(4, (await store.FindAsync(rating.Id))!.Score);
    }

    [Fact]
    public async Task RepeatsInsideOneCallCountFromTheirFirstOccurrence()
    {
        var store = await CreateEmptyStoreAsync();
        var a = Make(hash: "a");
        var b = Make(hash: "b");
        var outcomes = await store.OutcomesOf([a, b, a, a with { ContentHash = "other" }]);
        Assert.Equal([AppendOutcome.Created, AppendOutcome.Created, AppendOutcome.Duplicate, AppendOutcome.Conflict], outcomes);
        Assert.Equal(2, await store.CountAsync());
    }

    [Fact]
    public async Task TallyGroupsByTheAskedDimensionWithinTheInclusiveDateRange()
    {
        var store = await CreateEmptyStoreAsync();
        DateOnly d1 = new(2026, 11, 1), d2 = new(2026, 11, 2), d3 = new(2026, 11, 3);
        await store.OutcomesOf(
        [
            Make("a1", "ho-tich", 4, true, d1), Make("a1", "ho-tich", 4, true, d1), Make("a1", "ho-tich", 1, false, d2),
            Make("a2", "dat-dai", 3, true, d2), Make("a2", "chung-thuc", 2, false, d3), Make("b1", "ho-tich", 4, true, d3),
        ]);

        var byCounter = await store.TallyAsync(new TallyQuery(d1, d2, TallyDimension.Counter));
        Assert.Equal(
            new[] { Count(new("a1"), 1, 1), Count(new("a1"), 4, 2), Count(new("a2"), 3, 1) },
            byCounter.OrderBy(c => c.Key.CounterId).ThenBy(c => c.Score));

        var byField = await store.TallyAsync(new TallyQuery(d1, d3, TallyDimension.Field, ["a2", "b1"]));
        Assert.Equal(
            new[] { Count(new(FieldCode: "chung-thuc"), 2, 1), Count(new(FieldCode: "dat-dai"), 3, 1), Count(new(FieldCode: "ho-tich"), 4, 1) },
            byField.OrderBy(c => c.Key.FieldCode).ThenBy(c => c.Score));

        var byDay = await store.TallyAsync(new TallyQuery(d2, d3, TallyDimension.Day));
        Assert.Equal(4, byDay.Sum(c => c.Count));
        Assert.Equal([new TallyKey(Day: d2), new TallyKey(Day: d3)], byDay.Select(c => c.Key).Distinct().OrderBy(k => k.Day));

        var none = await store.TallyAsync(new TallyQuery(d1, d3, TallyDimension.None, []));
        Assert.Empty(none);
        var all = await store.TallyAsync(new TallyQuery(d1, d3, TallyDimension.None));
        Assert.Equal(6, all.Sum(c => c.Count));
        Assert.Equal(4, all.Where(c => c.Satisfied).Sum(c => c.Count));
    }

    [Fact]
    public async Task ConcurrentAppendsLoseNothing()
    {
        var store = await CreateEmptyStoreAsync();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => store.AppendAsync(Enumerable.Range(0, 25).Select(_ => Make()).ToArray())))
            .WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(500, await store.CountAsync());
    }

    [Fact]
    public async Task OneTimeTokenGivesOneRatingOnly()
    {
        var store = await CreateEmptyStoreAsync();
        var first = Make(hash: "a") with { TokenId = "dossier:1" };
        var second = Make(hash: "b") with { TokenId = "dossier:1" };
        Assert.False(await store.IsTokenUsedAsync("dossier:1"));
        Assert.Equal([AppendOutcome.Created, AppendOutcome.TokenUsed], await store.OutcomesOf([first, second]));
        Assert.Equal([AppendOutcome.Duplicate], await store.OutcomesOf([first]));
        Assert.Equal([AppendOutcome.Created, AppendOutcome.Created], await store.OutcomesOf([Make(), Make() with { TokenId = "dossier:2" }]));
        Assert.True(await store.IsTokenUsedAsync("dossier:1"));
        Assert.Equal(3, await store.CountAsync());
    }

    [Fact]
    public async Task DayListingHoldsThatLocalDayOnlyOldestFirst()
    {
        var store = await CreateEmptyStoreAsync();
        DateOnly day = new(2026, 11, 10);
        var late = Make(day: day) with { OccurredAt = Noon.AddHours(3) };
        var early = Make(day: day) with { OccurredAt = Noon.AddHours(-3) };
        await store.OutcomesOf([late, Make(day: day.AddDays(1)), early]);
        Assert.Equal([early.Id, late.Id], (await store.ListDayAsync(day)).Select(r => r.Id));
        Assert.Empty(await store.ListDayAsync(day.AddDays(-1)));
    }

    [Fact]
    public async Task ReasonsAreCountedPerFieldAndCommentsListedInOrder()
    {
        var store = await CreateEmptyStoreAsync();
        DateOnly d1 = new(2026, 11, 1), d2 = new(2026, 11, 2);
        await store.OutcomesOf(
        [
            Make("a1", "ho-tich", 1, false, d1) with { Reasons = ["cho-lau", "thai-do"], Comment = "Chờ lâu" },
            Make("a1", "ho-tich", 2, false, d2) with { Reasons = ["cho-lau"] },
            Make("a2", "dat-dai", 1, false, d2) with { Reasons = ["cho-lau"], Comment = "Thiếu hướng dẫn" },
            Make("a2", "dat-dai", 4, true, d2) with { Reasons = [] },
        ]);
        var reasons = await store.ReasonCountsAsync(d1, d2, null);
        Assert.Equal(
            new[] { new ReasonCount("dat-dai", "cho-lau", 1), new ReasonCount("ho-tich", "cho-lau", 2), new ReasonCount("ho-tich", "thai-do", 1) },
            reasons.OrderBy(r => r.FieldCode).ThenBy(r => r.Reason));
        Assert.Single(await store.ReasonCountsAsync(d1, d2, ["a2"]));
        var comments = await store.CommentsAsync(d1, d2, null, 10);
        Assert.Equal(["Chờ lâu", "Thiếu hướng dẫn"], comments.Select(c => c.Comment));
        Assert.Equal(d1, comments[0].LocalDate);
        Assert.Single(await store.CommentsAsync(d1, d2, null, 1));
        Assert.Empty(await store.CommentsAsync(d1, d2, ["b1"], 10));
    }

    [Fact]
    public async Task TallyCanGroupByCounterAndFieldOrByDayAndField()
    {
        var store = await CreateEmptyStoreAsync();
        DateOnly d1 = new(2026, 11, 1);
        await store.OutcomesOf([Make("a2", "dat-dai", 4, true, d1), Make("a2", "chung-thuc", 1, false, d1), Make("a2", "dat-dai", 3, true, d1)]);
        var byCounterField = await store.TallyAsync(new TallyQuery(d1, d1, TallyDimension.CounterAndField));
        Assert.Equal(2, byCounterField.Where(c => c.Key == new TallyKey("a2", "dat-dai")).Sum(c => c.Count));
        var byDayField = await store.TallyAsync(new TallyQuery(d1, d1, TallyDimension.DayAndField));
        Assert.Equal(1, byDayField.Where(c => c.Key == new TallyKey(FieldCode: "chung-thuc", Day: d1)).Sum(c => c.Count));
    }

    [Fact]
    public async Task RepeatsOfManyEarlierRatingsAreRecognisedAndReadBack()
    {
        var store = await CreateEmptyStoreAsync();
        var ratings = Enumerable.Range(0, 60).Select(i => Make(hash: $"h{i}")).ToArray();
        foreach (var batch in ratings.Chunk(10))
            Assert.All(await store.OutcomesOf(batch), outcome => Assert.Equal(AppendOutcome.Created, outcome));

        Assert.All(await store.OutcomesOf(ratings), outcome => Assert.Equal(AppendOutcome.Duplicate, outcome));
        Assert.All(await store.OutcomesOf(ratings.Select(r => r with { Score = 1, ContentHash = "changed" }).ToArray()),
            outcome => Assert.Equal(AppendOutcome.Conflict, outcome));
        foreach (var rating in ratings) Assert.Equal(rating.ContentHash, (await store.FindAsync(rating.Id))?.ContentHash);
        Assert.Equal(60, await store.CountAsync());
    }

    [Fact]
    public async Task EmptyAppendDoesNothing()
    {
        var store = await CreateEmptyStoreAsync();
        Assert.Empty(await store.OutcomesOf([]));
        Assert.Equal(0, await store.CountAsync());
    }
}
