namespace ParSurvey.Analytics.Tests;

/// <summary>The two CCHC presets, with every boundary written out by hand from the texts (not computed the way the code does).</summary>
public class CchcPresetTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    public static TheoryData<string, string, string> Nd09Windows2026 => new()
    {
        // Nghị định 09/2019/NĐ-CP, reporting year 2026: data close on the 14th.
        { "cchc-q1-2026", "2025-12-15", "2026-03-14" },
        { "cchc-q2-2026", "2026-03-15", "2026-06-14" },
        { "cchc-6m-2026", "2025-12-15", "2026-06-14" },
        { "cchc-q3-2026", "2026-06-15", "2026-09-14" },
        { "cchc-q4-2026", "2026-09-15", "2026-12-14" },
        { "cchc-year-2026", "2025-12-15", "2026-12-14" },
    };

    [Theory]
    [MemberData(nameof(Nd09Windows2026))]
    public void Nd09WindowsCloseOnTheFourteenth(string key, string from, string to)
    {
        Assert.True(ReportPeriod.TryParse(key, CchcPreset.Nd09_2019, out var period), key);
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (period.From, period.To));
        Assert.Equal(key, period.Key);
    }

    public static TheoryData<string, string, string> Q11Windows2028 => new()
    {
        // Kế hoạch 19/KH-UBND (Quận 11), reporting year 2028, a leap year.
        { "cchc-q1-2028", "2027-12-15", "2028-02-29" },
        { "cchc-6m-2028", "2027-12-15", "2028-05-31" },
        { "cchc-q3-2028", "2028-05-31", "2028-08-31" },
        { "cchc-year-2028", "2027-12-15", "2028-11-30" },
    };

    [Theory]
    [MemberData(nameof(Q11Windows2028))]
    public void Q11WindowsAreThoseOfThePlan(string key, string from, string to)
    {
        Assert.True(ReportPeriod.TryParse(key, CchcPreset.Q11_2022, out var period), key);
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (period.From, period.To));
        Assert.Equal(period, ReportPeriod.TryParse(key, out var byDefault) ? byDefault : null);
    }

    [Theory]
    [InlineData("cchc-q2-2026")]
    [InlineData("cchc-q4-2026")]
    public void Q11HasNoSecondOrFourthQuarter(string key) => Assert.False(ReportPeriod.TryParse(key, CchcPreset.Q11_2022, out _));

    [Fact]
    public void FiveDecember2026BelongsToTheNd09Year2026AndToNoQ11Window()
    {
        var day = D(2026, 12, 5);
        var year = CchcPreset.Nd09_2019.YearContaining(day);
        Assert.NotNull(year);
        Assert.Equal("cchc-year-2026", year.Key);
        Assert.Null(CchcPreset.Nd09_2019.GapHolding(day));
        Assert.Contains(CchcPreset.Nd09_2019.WindowsOf(2026), w => w.Kind == PeriodKind.CchcQ4 && w.Contains(day));

        Assert.Null(CchcPreset.Q11_2022.YearContaining(day));
        Assert.Equal((D(2026, 12, 1), D(2026, 12, 14)), CchcPreset.Q11_2022.GapHolding(day));
        Assert.DoesNotContain(CchcPreset.Q11_2022.WindowsOf(2026).Concat(CchcPreset.Q11_2022.WindowsOf(2027)), w => w.Contains(day));
    }

    [Theory]
    [InlineData(2026, 12, 14, 2026)]
    [InlineData(2026, 12, 15, 2027)]
    [InlineData(2027, 1, 1, 2027)]
    public void Nd09YearsJoinWithoutAGap(int y, int m, int d, int cchcYear)
    {
        Assert.Equal($"cchc-year-{cchcYear}", CchcPreset.Nd09_2019.YearContaining(D(y, m, d))?.Key);
        Assert.Null(CchcPreset.Nd09_2019.GapIn(y));
    }

    [Fact]
    public void Q11GapIsTheFirstFourteenDaysOfDecember()
    {
        Assert.Equal((D(2026, 12, 1), D(2026, 12, 14)), CchcPreset.Q11_2022.GapIn(2026));
        Assert.Equal("cchc-year-2026", CchcPreset.Q11_2022.YearContaining(D(2026, 11, 30))?.Key);
        Assert.Null(CchcPreset.Q11_2022.YearContaining(D(2026, 12, 1)));
        Assert.Null(CchcPreset.Q11_2022.YearContaining(D(2026, 12, 14)));
        Assert.Equal("cchc-year-2027", CchcPreset.Q11_2022.YearContaining(D(2026, 12, 15))?.Key);
    }

    [Fact]
    public void Nd09QuartersTileTheYearDayByDay()
    {
        var preset = CchcPreset.Nd09_2019;
        var quarters = new[] { PeriodKind.CchcQ1, PeriodKind.CchcQ2, PeriodKind.CchcQ3, PeriodKind.CchcQ4 }.Select(k => preset.Window(k, 2027)).ToArray();
        for (var day = D(2026, 12, 15); day <= D(2027, 12, 14); day = day.AddDays(1))
            Assert.Single(quarters, q => q.Contains(day));
        Assert.Equal(365, quarters.Sum(q => q.Days));
    }

    [Fact]
    public void PreviousWindowIsCutByTheSamePreset()
    {
        Assert.True(ReportPeriod.TryParse("cchc-q4-2027", CchcPreset.Nd09_2019, out var q4));
        Assert.Equal((D(2026, 9, 15), D(2026, 12, 14)), (q4.Previous().From, q4.Previous().To));
        Assert.True(ReportPeriod.TryParse("cchc-year-2027", CchcPreset.Nd09_2019, out var year));
        Assert.Equal(D(2026, 12, 14), year.Previous().To);
    }

    [Theory]
    [InlineData("q11-2022")]
    [InlineData("ND09-2019")]
    public void PresetsAreFoundByTheirSettingValue(string id) => Assert.NotNull(CchcPreset.Find(id));

    [Fact]
    public void AnUnknownPresetIsNotFound() => Assert.Null(CchcPreset.Find("nd30-2020"));
}
