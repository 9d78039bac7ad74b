namespace ParSurvey.Analytics;

/// <summary>
/// Deadlines counted in working days, as Vietnamese administrative rules count them: Saturdays, Sundays and the
/// configured public holidays are skipped. The day something is received is day 0; the deadline is the n-th working
/// day after it.
/// </summary>
public sealed class WorkingDays(IEnumerable<DateOnly> holidays)
{
    private readonly HashSet<DateOnly> _holidays = holidays.ToHashSet();

    public bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day);

    public DateOnly Add(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = start;
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day)) counted++;
        }
        return day;
    }
}
