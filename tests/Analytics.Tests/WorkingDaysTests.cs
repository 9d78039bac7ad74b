using ParSurvey.Analytics;

namespace ParSurvey.Analytics.Tests;

public class WorkingDaysTests
{
    [Theory]
    // Thursday 19 Nov 2026 + 2 working days: Friday 20, (weekend), Monday 23.
    [InlineData("2026-11-19", 2, "2026-11-23")]
    // Friday + 1: the weekend is skipped.
    [InlineData("2026-11-20", 1, "2026-11-23")]
    // Received on a Saturday: the first working day is Monday.
    [InlineData("2026-11-21", 1, "2026-11-23")]
    // Ten working days from Thursday 19 Nov: 20, 23–27, 30, 1–3 Dec.
    [InlineData("2026-11-19", 10, "2026-12-03")]
    [InlineData("2026-11-19", 0, "2026-11-19")]
    public void SkipsWeekends(string start, int days, string due) =>
        Assert.Equal(DateOnly.Parse(due), new WorkingDays([]).Add(DateOnly.Parse(start), days));

    [Fact]
    public void SkipsConfiguredHolidaysToo()
    {
        // Quốc khánh 2026: Wednesday 2 and Thursday 3 September (say both are configured).
        var calendar = new WorkingDays([new DateOnly(2026, 9, 2), new DateOnly(2026, 9, 3)]);
        // From Friday 28 Aug, 3 working days: Mon 31, Tue 1, (2, 3 holidays), Fri 4.
        Assert.Equal(new DateOnly(2026, 9, 4), calendar.Add(new DateOnly(2026, 8, 28), 3));
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 9, 2)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 9, 4)));
    }
}
