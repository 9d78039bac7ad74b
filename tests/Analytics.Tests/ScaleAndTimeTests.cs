namespace ParSurvey.Analytics.Tests;

public class RatingScaleTests
{
    [Fact]
    public void FourLevelScaleCountsHaiLongAndRatHaiLongAsSatisfied()
    {
        var scale = RatingScale.FourLevel;
        Assert.Equal([4, 3], scale.Levels.Where(l => l.Satisfied).Select(l => l.Score));
        Assert.Equal("Rất hài lòng", scale.Level(4)!.Label);
        Assert.Equal("Không hài lòng", scale.Level(1)!.Label);
        Assert.False(scale.Contains(5));
        Assert.False(scale.Contains(0));
    }

    [Fact]
    public void CircularZeroOneThreeLevelScaleHasNoNeutral()
    {
        var scale = RatingScale.ThreeLevel;
        Assert.Equal(["Rất hài lòng", "Hài lòng", "Không hài lòng"], scale.Levels.Select(l => l.Label));
        Assert.Equal([3, 2], scale.Levels.Where(l => l.Satisfied).Select(l => l.Score));
    }

    [Fact]
    public void FiveLevelScaleAddsRatKhongHaiLong()
    {
        Assert.Equal("Rất không hài lòng", RatingScale.FiveLevel.Level(1)!.Label);
        Assert.Equal(2, RatingScale.FiveLevel.Levels.Count(l => l.Satisfied));
    }

    [Fact]
    public void EveryBuiltInScaleSaysTheGroupOfEachLevel()
    {
        Assert.Equal([LevelGroup.Satisfied, LevelGroup.Satisfied, LevelGroup.Neutral, LevelGroup.NotSatisfied],
            RatingScale.FourLevel.Levels.Select(l => l.Group));
        Assert.Equal([LevelGroup.Satisfied, LevelGroup.Satisfied, LevelGroup.NotSatisfied], RatingScale.ThreeLevel.Levels.Select(l => l.Group));
        Assert.Equal([LevelGroup.Satisfied, LevelGroup.Satisfied, LevelGroup.Neutral, LevelGroup.NotSatisfied, LevelGroup.NotSatisfied],
            RatingScale.FiveLevel.Levels.Select(l => l.Group));
    }

    [Fact]
    public void LabelsAreNfcNormalised() =>
        Assert.All(RatingScale.BuiltIn.SelectMany(s => s.Levels), l => Assert.True(l.Label.IsNormalized(System.Text.NormalizationForm.FormC), l.Label));
}

public class VietnamTimeTests
{
    [Fact]
    public void HalfPastMidnightOnTheFirstLocalIsTheNewMonthThoughUtcIsStillTheOldOne()
    {
        var instant = new DateTimeOffset(2026, 10, 31, 17, 30, 0, TimeSpan.Zero); // 00:30 on 1 Nov in Hà Nội / TP.HCM
        Assert.Equal(new DateOnly(2026, 11, 1), VietnamTime.LocalDate(instant));
    }

    [Fact]
    public void OneSecondBeforeLocalMidnightIsStillThePreviousDay() =>
        Assert.Equal(new DateOnly(2026, 10, 31), VietnamTime.LocalDate(new DateTimeOffset(2026, 10, 31, 16, 59, 59, TimeSpan.Zero)));

    [Fact]
    public void LocalDayStartsAtFivePmUtcTheDayBefore() =>
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 17, 0, 0, TimeSpan.Zero), VietnamTime.StartOfDay(new DateOnly(2026, 11, 1)));

    [Fact]
    public void NewYearInVietnamBeginsBeforeNewYearInUtc() =>
        Assert.Equal(new DateOnly(2027, 1, 1), VietnamTime.LocalDate(new DateTimeOffset(2026, 12, 31, 17, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void ZoneIsUtcPlusSevenAllYear()
    {
        Assert.Equal(TimeSpan.FromHours(7), VietnamTime.Zone.GetUtcOffset(new DateTime(2026, 1, 15, 0, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(TimeSpan.FromHours(7), VietnamTime.Zone.GetUtcOffset(new DateTime(2026, 7, 15, 0, 0, 0, DateTimeKind.Utc)));
    }
}
