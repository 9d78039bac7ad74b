namespace ParSurvey.Analytics.Tests;

public class SatisfactionPolicyTests
{
    private static readonly SatisfactionPolicy Policy = SatisfactionPolicy.Default;

    private static Tally TallyOf(params (int Score, bool Satisfied, long Count)[] counts)
    {
        var tally = new Tally();
        foreach (var (score, satisfied, count) in counts) tally.Add(score, satisfied, count);
        return tally;
    }

    [Fact]
    public void NoRatingsAreInsufficientWithNoRate()
    {
        var row = Policy.Evaluate("f", "Hộ tịch", new Tally(), levels: [4, 3, 2, 1]);
        Assert.Equal(0, row.Total);
        Assert.Null(row.Rate);
        Assert.Null(row.CiLow);
        Assert.Null(row.CiHigh);
        Assert.Equal(SatisfactionStatus.Insufficient, row.Status);
        Assert.Equal([4, 3, 2, 1], row.Counts.Keys);
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
        Assert.Equal(10, row.Counts[2]);
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
    public void TwentyNineRatingsAreInsufficientEvenWhenAllUnhappy()
    {
        var row = Policy.Evaluate("f", "f", TallyOf((1, false, 29)));
        Assert.Equal(SatisfactionStatus.Insufficient, row.Status);
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
        var row = Policy.Evaluate("f", "f", TallyOf((3, true, 2), (1, false, 1)), levels: [1, 2, 3, 4]);
        Assert.Equal([4, 3, 2, 1], row.Counts.Keys);
        Assert.Equal([0L, 2L, 0L, 1L], row.Counts.Values);
    }

    [Fact]
    public void TalliesAddUp()
    {
        var total = TallyOf((4, true, 3), (1, false, 2)).Add(TallyOf((4, true, 1), (2, false, 5)));
        Assert.Equal(11, total.Total);
        Assert.Equal(4, total.Satisfied);
        Assert.Equal(4, total.CountOf(4));
        Assert.Equal(5, total.CountOf(2));
        Assert.Equal(0, total.CountOf(3));
    }
}
