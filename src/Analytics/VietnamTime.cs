namespace ParSurvey.Analytics;

/// <summary>
/// Days and months are counted in Asia/Ho_Chi_Minh time (giờ Việt Nam, UTC+7, no daylight saving since 1975):
/// a rating at 00:30 on the 1st, Vietnam time, is still the 31st in UTC but belongs to the new month.
/// </summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateTimeOffset ToLocal(DateTimeOffset instant) => instant.ToOffset(Offset);

    public static DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    /// <summary>The UTC instant at which the given local day begins (00:00 Vietnam time).</summary>
    public static DateTimeOffset StartOfDay(DateOnly localDate) =>
        new DateTimeOffset(localDate.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    public static DateOnly Today(TimeProvider clock) => LocalDate(clock.GetUtcNow());

    public static DateOnly FirstOfMonth(DateOnly day) => new(day.Year, day.Month, 1);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // A machine without tzdata: the fixed offset is exact for every date since 1975.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Ho_Chi_Minh", Offset, "Giờ Việt Nam", "Giờ Việt Nam");
        }
    }
}
