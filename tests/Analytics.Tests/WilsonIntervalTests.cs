namespace ParSurvey.Analytics.Tests;

/// <summary>
/// Expected bounds were computed by hand from the closed form
/// (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n) with z = 1.959963984540054, outside this code base.
/// </summary>
public class WilsonIntervalTests
{
    [Theory]
    [InlineData(1, 1, 0.20654931437723745, 1.0)]
    [InlineData(0, 1, 0.0, 0.7934506856227626)]
    [InlineData(10, 10, 0.7224672001371109, 1.0)]
    [InlineData(0, 10, 0.0, 0.27753279986288915)]
    [InlineData(95, 100, 0.8882495307680808, 0.9784563208456319)]
    [InlineData(19, 20, 0.763868806553258, 0.9911185511992047)]
    [InlineData(29, 30, 0.8332960900859084, 0.9940914096183876)]
    [InlineData(50, 100, 0.4038315303659957, 0.5961684696340044)]
    [InlineData(7, 12, 0.3195113125495498, 0.8067396863412434)]
    public void BoundsMatchHandComputedValues(long satisfied, long n, double low, double high)
    {
        var interval = WilsonInterval.Compute(satisfied, n)!.Value;
        Assert.Equal(low, interval.Low, 1e-12);
        Assert.Equal(high, interval.High, 1e-12);
    }

    [Fact]
    public void NoRatingsGiveNoInterval() => Assert.Null(WilsonInterval.Compute(0, 0));

    [Fact]
    public void NinetyFivePercentConfidenceUsesTheNormalQuantile() =>
        Assert.Equal(1.9599639845400536, WilsonInterval.ZFor(0.95), 1e-12);

    [Fact]
    public void LowerConfidenceGivesANarrowerInterval()
    {
        var wide = WilsonInterval.Compute(19, 20, 0.95)!.Value;
        var narrow = WilsonInterval.Compute(19, 20, 0.90)!.Value;
        Assert.True(narrow.Low > wide.Low && narrow.High < wide.High, $"90 % {narrow} should sit inside 95 % {wide}");
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    [InlineData(0, -1)]
    public void ImpossibleCountsAreRefused(long satisfied, long n) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(satisfied, n));
}
