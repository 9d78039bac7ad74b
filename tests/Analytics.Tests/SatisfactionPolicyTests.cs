namespace ParSurvey.Analytics.Tests;

public class SatisfactionPolicyTests
{
    private static readonly SatisfactionPolicy Policy = SatisfactionPolicy.Default;

    private static readonly RatingScale[] FourLevels = [RatingScale.FourLevel];

    /// <summary>Ratings on the 4-level scale; an unsatisfied 2 is neutral, 1 not satisfied.</summary>
    private static Tally TallyOf(params (int Score, bool Satisfied, long Count)[] counts)
    {
        var tally = new Tally();
        foreach (var (score, satisfied, count) in counts)
            tally.Add("4-muc", score, satisfied ? LevelGroup.Satisfied : score == 2 ? LevelGroup.Neutral : LevelGroup.NotSatisfied, count);
        return tally;
    }

    [Fact]
    public void NoRatingsAreInsufficientWithNoRate()
    {
        var row = Policy.Evaluate("f", "Hộ tịch", new Tally(), scales: FourLevels);
        Assert.Equal(0, row.Total);
        Assert.Null(row.Rate);
        Assert.Null(row.CiLow);
        Assert.Null(row.CiHigh);
        Assert.Equal(SatisfactionStatus.Insufficient, row.Status);
        Assert.Equal([4, 3, 2, 1], row.Counts!.Keys);
        Assert.All(row.Counts.Values, c => Assert.Equal(0, c));
    }

    [Fact]
    public void OneSatisfiedRatingIsAHundredPercentButInsufficient()
    {
        var row = Policy.Evaluate("f", "f", TallyOf((4, true, 1)));
        Assert.Equal(1.0, row.Rate);
        Assert.Equal(0.20654931437723745, row.CiLow!.Value, 1e-12);
        Assert.Equal(SatisfactionStatus.Insufficient, row.Status);
    }

    [Fact]
    public void AllSatisfiedWithEnoughRatingsMeetsTheTarget()
    {
        var row = Policy.Evaluate("f", "f", TallyOf((4, true, 20), (3, true, 10)));
        Assert.Equal(30, row.Total);
        Assert.Equal(30, row.Satisfied);
        Assert.Equal(1.0, row.Rate);
        Assert.Equal(SatisfactionStatus.Met, row.Status);
    }

    [Fact]
    public void NoneSatisfiedWithEnoughRatingsIsBelow()
    {
        var row = Policy.Evaluate("f", "f", TallyOf((2, false, 10), (1, false, 30)));
        Assert.Equal(0.0, row.Rate);
        Assert.Equal(0, row.Satisfied);
        Assert.Equal(SatisfactionStatus.Below, row.Status);
        Assert.Equal(10, row.Counts![2]);
        Assert.Equal(30, row.Counts[1]);
    }

    [Fact]
    public void ExactlyNinetyFivePercentMeetsANinetyFivePercentTarget()
    {
        // 95 of 100: 0.95 × 100 is not exactly 95 in binary floating point; the status must still be "met".
        var row = Policy.Evaluate("f", "f", TallyOf((4, true, 60), (3, true, 35), (2, false, 3), (1, false, 2)));
        Assert.Equal(0.95, row.Rate!.Value, 1e-15);
        Assert.Equal(SatisfactionStatus.Met, row.Status);
    }

    [Fact]
    public void NinetyFourOfAHundredIsBelow()
    {
        var row = Policy.Evaluate("f", "f", TallyOf((4, true, 94), (1, false, 6)));
        Assert.Equal(SatisfactionStatus.Below, row.Status);
    }

    [Fact]
    public void TwentyNineRatingsAllUnhappyAreClearlyBelow()
    {
        // The interval of 0 of 29 reaches 11,7 % at most: below 95 % whatever the sample size.
        var row = Policy.Evaluate("f", "f", TallyOf((1, false, 29)));
        Assert.Equal(SatisfactionStatus.Below, row.Status);
    }

    [Fact]
    public void TwelveOfTwentyIsBelowNotTooFew()
    {
        var row = Policy.Evaluate("f", "f", TallyOf((4, true, 12), (1, false, 8)));
        Assert.Equal(0.60, row.Rate!.Value, 1e-12);
        Assert.Equal(0.387, row.CiLow!.Value, 3);
        Assert.Equal(0.781, row.CiHigh!.Value, 3);
        Assert.Equal(SatisfactionStatus.Below, row.Status);
    }

    [Fact]
    public void TwentyEightOfTwentyNineIsInsufficient()
    {
        // 96,6 % with an upper bound above 95 % and fewer than 30 ratings: nothing can be said yet.
        var row = Policy.Evaluate("f", "f", TallyOf((4, true, 28), (1, false, 1)));
        Assert.True(row.CiHigh > 0.95);
        Assert.Equal(SatisfactionStatus.Insufficient, row.Status);
    }

    [Theory]
    [InlineData(12, 20, SatisfactionStatus.Below)]
    [InlineData(28, 29, SatisfactionStatus.Insufficient)]
    [InlineData(95, 100, SatisfactionStatus.Met)]
    [InlineData(94, 100, SatisfactionStatus.Below)]
    [InlineData(29, 29, SatisfactionStatus.Insufficient)]
    [InlineData(30, 30, SatisfactionStatus.Met)]
    [InlineData(0, 1, SatisfactionStatus.Below)]
    [InlineData(1, 1, SatisfactionStatus.Insufficient)]
    [InlineData(0, 0, SatisfactionStatus.Insufficient)]
    public void StatusFollowsTheOneRule(long satisfied, long total, SatisfactionStatus expected) =>
        Assert.Equal(expected, Policy.StatusOf(total, satisfied, 0.95));

    [Fact]
    public void LevelsOfDifferentScalesAreNeverAddedOnlyTheirGroups()
    {
        var tally = new Tally()
            .Add("4-muc", 2, LevelGroup.Neutral, 5)      // Bình thường
            .Add("3-muc", 2, LevelGroup.Satisfied, 7)    // Hài lòng
            .Add("3-muc", 1, LevelGroup.NotSatisfied, 1);
        var row = Policy.Evaluate("f", "f", tally, scales: [RatingScale.ThreeLevel, RatingScale.FourLevel]);
        Assert.Null(row.Counts);
        Assert.Equal(5, row.CountsByScale["4-muc"][2]);
        Assert.Equal(7, row.CountsByScale["3-muc"][2]);
        Assert.Equal([3, 2, 1], row.CountsByScale["3-muc"].Keys);
        Assert.Equal(new GroupCounts(7, 5, 1), row.Groups);
        Assert.Equal(13, row.Total);
        Assert.Equal(7, row.Satisfied);
    }

    [Fact]
    public void MinimumSampleAndTargetAreConfigurable()
    {
        var policy = new SatisfactionPolicy(DefaultTarget: 0.80, MinSample: 5);
        var row = policy.Evaluate("f", "f", TallyOf((4, true, 4), (1, false, 1)));
        Assert.Equal(0.80, row.Target);
        Assert.Equal(SatisfactionStatus.Met, row.Status);
        Assert.Equal(0.9, policy.Evaluate("f", "f", TallyOf((4, true, 4), (1, false, 1)), target: 0.9).Target);
        Assert.Equal(SatisfactionStatus.Below, policy.Evaluate("f", "f", TallyOf((4, true, 4), (1, false, 1)), target: 0.9).Status);
    }

    [Fact]
    public void CountsListEveryLevelHighestFirst()
    {
        var row = Policy.Evaluate("f", "f", TallyOf((3, true, 2), (1, false, 1)), scales: FourLevels);
        Assert.Equal([4, 3, 2, 1], row.Counts!.Keys);
        Assert.Equal([0L, 2L, 0L, 1L], row.Counts.Values);
    }

    [Fact]
    public void TalliesAddUp()
    {
        var total = TallyOf((4, true, 3), (1, false, 2)).Add(TallyOf((4, true, 1), (2, false, 5)));
        Assert.Equal(11, total.Total);
        Assert.Equal(4, total.Satisfied);
        Assert.Equal(4, total.CountOf("4-muc", 4));
        Assert.Equal(5, total.CountOf("4-muc", 2));
        Assert.Equal(0, total.CountOf("4-muc", 3));
        Assert.Equal(5, total.Neutral);
        Assert.Equal(2, total.NotSatisfied);
    }
}
