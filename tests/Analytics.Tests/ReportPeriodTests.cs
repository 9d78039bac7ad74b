namespace ParSurvey.Analytics.Tests;

public class ReportPeriodTests
{
    [Theory]
    [InlineData("0001")]
    [InlineData("0001-01")]
    [InlineData("0001-Q1")]
    [InlineData("cchc-q3-0001")]
    [InlineData("0001-01-01..0001-01-31")]
    [InlineData("1999-12")]
    [InlineData("1999-12-31..2000-01-31")]
    [InlineData("2101-Q1")]
    [InlineData("cchc-year-2101")]
    public void PeriodsOutsideTheYears2000To2100AreNotRead(string key) => Assert.False(ReportPeriod.TryParse(key, out _));

    [Theory]
    [InlineData("2000-01", "1999-12")]
    [InlineData("cchc-q1-2000", "cchc-q1-1999")]
    [InlineData("2100-12-01..2100-12-31", "2100-10-31..2100-11-30")]
    public void PeriodsAtTheEdgesAreReadAndKnowTheirPrevious(string key, string previous)
    {
        Assert.True(ReportPeriod.TryParse(key, out var period));
        Assert.Equal(previous, period.Previous().Key);
    }

    [Fact]
    public void CchcYearRunsFromFifteenDecemberToThirtyNovember()
    {
        var year = ReportPeriod.CchcYear(2027);
        Assert.Equal(new DateOnly(2026, 12, 15), year.From);
        Assert.Equal(new DateOnly(2027, 11, 30), year.To);
        Assert.Equal(ReportPeriod.CchcYear(2026), year.Previous());
    }

    [Fact]
    public void HalfPastMidnightOnFifteenDecemberIsInTheNextCchcYear()
    {
        // 00:30 on 15 Dec 2026 in Vietnam is 17:30 UTC on 14 Dec.
        var day = VietnamTime.LocalDate(new DateTimeOffset(2026, 12, 14, 17, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 12, 15), day);
        Assert.Equal(2027, ReportPeriod.CchcYearOf(day));
        Assert.True(ReportPeriod.CchcYear(2027).Contains(day));
        Assert.False(ReportPeriod.CchcYear(2026).Contains(day));
        Assert.Equal(2026, ReportPeriod.CchcYearOf(new DateOnly(2026, 12, 14)));
    }

    [Theory]
    [InlineData(2028, 29)] // leap year
    [InlineData(2027, 28)]
    [InlineData(2100, 28)] // divisible by 100, not by 400
    [InlineData(2000, 29)]
    public void CchcFirstQuarterEndsOnTheLastDayOfFebruary(int year, int lastDay)
    {
        var q1 = ReportPeriod.CchcQ1(year);
        Assert.Equal(new DateOnly(year - 1, 12, 15), q1.From);
        Assert.Equal(new DateOnly(year, 2, lastDay), q1.To);
    }

    [Fact]
    public void CchcHalfYearAndThirdQuarterFollowThePlan()
    {
        Assert.Equal((new DateOnly(2025, 12, 15), new DateOnly(2026, 5, 31)), (ReportPeriod.CchcHalfYear(2026).From, ReportPeriod.CchcHalfYear(2026).To));
        Assert.Equal((new DateOnly(2026, 5, 31), new DateOnly(2026, 8, 31)), (ReportPeriod.CchcQ3(2026).From, ReportPeriod.CchcQ3(2026).To));
    }

    [Fact]
    public void MonthsQuartersAndYearsKnowTheirPredecessors()
    {
        Assert.Equal(ReportPeriod.Month(2025, 12), ReportPeriod.Month(2026, 1).Previous());
        Assert.Equal(new DateOnly(2028, 2, 29), ReportPeriod.Month(2028, 2).To);
        Assert.Equal(ReportPeriod.Quarter(2025, 4), ReportPeriod.Quarter(2026, 1).Previous());
        Assert.Equal(new DateOnly(2026, 9, 30), ReportPeriod.Quarter(2026, 3).To);
        Assert.Equal(ReportPeriod.OfYear(2025), ReportPeriod.OfYear(2026).Previous());
        var range = ReportPeriod.Range(new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 16));
        Assert.Equal(ReportPeriod.Range(new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 9)), range.Previous());
    }

    [Theory]
    [InlineData("2026-11", "2026-11-01", "2026-11-30")]
    [InlineData("2026-Q3", "2026-07-01", "2026-09-30")]
    [InlineData("2026", "2026-01-01", "2026-12-31")]
    [InlineData("cchc-q1-2028", "2027-12-15", "2028-02-29")]
    [InlineData("cchc-6m-2026", "2025-12-15", "2026-05-31")]
    [InlineData("cchc-q3-2026", "2026-05-31", "2026-08-31")]
    [InlineData("cchc-year-2027", "2026-12-15", "2027-11-30")]
    [InlineData("2026-01-05..2026-02-10", "2026-01-05", "2026-02-10")]
    public void KeysParseBackToTheirPeriods(string key, string from, string to)
    {
        Assert.True(ReportPeriod.TryParse(key, out var period));
        Assert.Equal(DateOnly.Parse(from), period.From);
        Assert.Equal(DateOnly.Parse(to), period.To);
        Assert.Equal(key, period.Key);
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-Q5")]
    [InlineData("cchc-q2-2026")]
    [InlineData("2026-02-10..2026-01-05")]
    [InlineData("tháng 11")]
    [InlineData("")]
    public void NonsenseIsNotAPeriod(string key) => Assert.False(ReportPeriod.TryParse(key, out _));

    [Fact]
    public void TwelveMonthsEndWithTheGivenMonth()
    {
        var months = ReportPeriod.TwelveMonthsEnding(new DateOnly(2026, 11, 22));
        Assert.Equal(12, months.Count);
        Assert.Equal("2025-12", months[0].Key);
        Assert.Equal("2026-11", months[^1].Key);
    }

    [Fact]
    public void LabelsAreVietnamese()
    {
        Assert.Equal("Tháng 11/2026", ReportPeriod.Month(2026, 11).Label);
        Assert.Equal("Quý I năm 2027 (kỳ báo cáo CCHC)", ReportPeriod.CchcQ1(2027).Label);
    }
}

public class TwoProportionTestTests
{
    // z and p computed by hand: pooled p, se = √(p(1−p)(1/n₁+1/n₂)), p-value = 2(1 − Φ(|z|)).
    [Theory]
    [InlineData(90, 100, 80, 100, 1.9802950859533481, 0.04767038065616136, true)]
    [InlineData(190, 200, 185, 200, 1.0327955589886408, 0.3016995824783497, false)]
    [InlineData(900, 1000, 950, 1000, -4.244763599780084, 2.1882399336092817e-05, true)]
    public void MatchesHandComputedZAndPValues(long s1, long n1, long s2, long n2, double z, double p, bool significant)
    {
        var change = TwoProportionTest.Compare(s1, n1, s2, n2);
        Assert.Equal(z, change.Z!.Value, 1e-9);
        Assert.Equal(p, change.PValue!.Value, 1e-9);
        Assert.Equal(significant, change.Significant);
    }

    [Fact]
    public void SaysInPlainWordsWhetherTheChangeIsMoreThanNoise()
    {
        Assert.StartsWith("Tăng 10,0 điểm phần trăm", TwoProportionTest.Compare(90, 100, 80, 100).Judgement);
        Assert.Contains("chưa vượt mức dao động ngẫu nhiên", TwoProportionTest.Compare(190, 200, 185, 200).Judgement);
        Assert.StartsWith("Giảm 5,0 điểm phần trăm", TwoProportionTest.Compare(900, 1000, 950, 1000).Judgement);
        Assert.Null(TwoProportionTest.Compare(5, 5, 0, 0).PValue);
    }
}
