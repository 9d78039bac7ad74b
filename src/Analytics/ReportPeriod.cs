using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace ParSurvey.Analytics;

public enum PeriodKind { Month, Quarter, Year, Range, CchcQ1, CchcHalfYear, CchcQ3, CchcYear, CchcQ2, CchcQ4 }

/// <summary>
/// A reporting period in Vietnam's local dates, both ends inclusive. Besides calendar months, quarters and years, the
/// CCHC windows of reporting year Y as the city's <see cref="CchcPreset"/> sets them (the factories <see cref="CchcQ1"/> …
/// without a preset are Kế hoạch 19/KH-UBND's: Q1 = 15/12/(Y−1) – 28 or 29/02/Y; 6 months = 15/12/(Y−1) – 31/05/Y;
/// Q3 = 31/05/Y – 31/08/Y; year = 15/12/(Y−1) – 30/11/Y). Every period knows the one before it, for comparison.
/// </summary>
public sealed partial record ReportPeriod(PeriodKind Kind, DateOnly From, DateOnly To, int Year, int Number = 0)
{
    /// <summary>
    /// Reporting years the product speaks of. Outside them a period is refused when read, everywhere (reports, jobs,
    /// satisfaction dates): year 1 had no "previous period" to compare with and answered 500 (issue 13, finding 9).
    /// </summary>
    public const int MinYear = 2000, MaxYear = 2100;

    public static bool IsSupported(DateOnly day) => day.Year is >= MinYear and <= MaxYear;

    /// <summary>A local date as yyyy-MM-dd within <see cref="MinYear"/>–<see cref="MaxYear"/>.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && IsSupported(date);

    /// <summary>The preset a CCHC window was cut by (null for calendar periods and ranges); its previous window comes from the same.</summary>
    [JsonIgnore]
    public CchcPreset? Preset { get; init; }

    public int Days => To.DayNumber - From.DayNumber + 1;

    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>A stable key, also what <see cref="Parse"/> reads: 2026-11, 2026-Q3, 2026, cchc-q1-2027, 2026-01-05..2026-02-10.</summary>
    public string Key => Kind switch
    {
        PeriodKind.Month => $"{Year:D4}-{Number:D2}",
        PeriodKind.Quarter => $"{Year:D4}-Q{Number}",
        PeriodKind.Year => $"{Year:D4}",
        PeriodKind.CchcQ1 or PeriodKind.CchcQ2 or PeriodKind.CchcHalfYear or PeriodKind.CchcQ3 or PeriodKind.CchcQ4 or PeriodKind.CchcYear =>
            $"cchc-{CchcPreset.KeyWord(Kind)}-{Year}",
        _ => $"{From:yyyy-MM-dd}..{To:yyyy-MM-dd}",
    };

    /// <summary>Vietnamese title, e.g. "Tháng 11/2026", "Quý I năm 2027 (kỳ CCHC)".</summary>
    public string Label => Kind switch
    {
        PeriodKind.Month => $"Tháng {Number:D2}/{Year}",
        PeriodKind.Quarter => $"Quý {Roman(Number)}/{Year}",
        PeriodKind.Year => $"Năm {Year}",
        PeriodKind.CchcQ1 => $"Quý I năm {Year} (kỳ báo cáo CCHC)",
        PeriodKind.CchcHalfYear => $"6 tháng đầu năm {Year} (kỳ báo cáo CCHC)",
        PeriodKind.CchcQ2 => $"Quý II năm {Year} (kỳ báo cáo CCHC)",
        PeriodKind.CchcQ3 => $"Quý III năm {Year} (kỳ báo cáo CCHC)",
        PeriodKind.CchcQ4 => $"Quý IV năm {Year} (kỳ báo cáo CCHC)",
        PeriodKind.CchcYear => $"Năm {Year} (kỳ báo cáo CCHC)",
        _ => $"Từ {From:dd/MM/yyyy} đến {To:dd/MM/yyyy}",
    };

    public string LabelEn => Kind switch
    {
        PeriodKind.Month => new DateTime(Year, Number, 1).ToString("MMMM yyyy", CultureInfo.InvariantCulture),
        PeriodKind.Quarter => $"Q{Number} {Year}",
        PeriodKind.Year => $"{Year}",
        PeriodKind.CchcQ1 => $"CCHC Q1 {Year}",
        PeriodKind.CchcHalfYear => $"CCHC first half {Year}",
        PeriodKind.CchcQ2 => $"CCHC Q2 {Year}",
        PeriodKind.CchcQ3 => $"CCHC Q3 {Year}",
        PeriodKind.CchcQ4 => $"CCHC Q4 {Year}",
        PeriodKind.CchcYear => $"CCHC year {Year}",
        _ => $"{From:yyyy-MM-dd} to {To:yyyy-MM-dd}",
    };

    public ReportPeriod Previous() => Kind switch
    {
        PeriodKind.Month => Number == 1 ? Month(Year - 1, 12) : Month(Year, Number - 1),
        PeriodKind.Quarter => Number == 1 ? Quarter(Year - 1, 4) : Quarter(Year, Number - 1),
        PeriodKind.Year => OfYear(Year - 1),
        PeriodKind.Range => Range(From.AddDays(-Days), From.AddDays(-1)),
        _ => (Preset ?? CchcPreset.Default).Window(Kind, Year - 1),
    };

    public static ReportPeriod Month(int year, int month) =>
        new(PeriodKind.Month, new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)), year, month);

    public static ReportPeriod Quarter(int year, int quarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quarter, 4);
        var first = new DateOnly(year, quarter * 3 - 2, 1);
        return new(PeriodKind.Quarter, first, first.AddMonths(3).AddDays(-1), year, quarter);
    }

    public static ReportPeriod OfYear(int year) => new(PeriodKind.Year, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), year);

    public static ReportPeriod Range(DateOnly from, DateOnly to)
    {
        if (to < from) throw new ArgumentException("The end is before the start");
        return new(PeriodKind.Range, from, to, from.Year);
    }

    /// <summary>Kế hoạch 19/KH-UBND's windows (<see cref="CchcPreset.Q11_2022"/>); a server cuts them by its preset.</summary>
    public static ReportPeriod CchcQ1(int year) => CchcPreset.Q11_2022.Window(PeriodKind.CchcQ1, year);

    public static ReportPeriod CchcHalfYear(int year) => CchcPreset.Q11_2022.Window(PeriodKind.CchcHalfYear, year);

    public static ReportPeriod CchcQ3(int year) => CchcPreset.Q11_2022.Window(PeriodKind.CchcQ3, year);

    public static ReportPeriod CchcYear(int year) => CchcPreset.Q11_2022.Window(PeriodKind.CchcYear, year);

    /// <summary>The CCHC reporting year a local date belongs to: from 15 December it is the next year's.</summary>
    public static int CchcYearOf(DateOnly day) => CchcPreset.YearOf(day);

    public bool IsCchc => Preset is not null;

    /// <summary>The last 12 calendar months ending with the month of <paramref name="day"/>.</summary>
    public static IReadOnlyList<ReportPeriod> TwelveMonthsEnding(DateOnly day) =>
        Enumerable.Range(0, 12).Select(i => new DateOnly(day.Year, day.Month, 1).AddMonths(i - 11)).Select(d => Month(d.Year, d.Month)).ToArray();

    /// <summary>Reads a <see cref="Key"/>, CCHC windows as Kế hoạch 19/KH-UBND cuts them.</summary>
    public static bool TryParse(string? text, out ReportPeriod period) => TryParse(text, CchcPreset.Default, out period);

    /// <summary>Reads a <see cref="Key"/>, CCHC windows cut by <paramref name="preset"/> (a window it lacks, e.g. cchc-q2
    /// under Kế hoạch 19, is not read); false for anything else, including periods of years outside <see cref="MinYear"/>–<see cref="MaxYear"/>.</summary>
    public static bool TryParse(string? text, CchcPreset preset, out ReportPeriod period)
    {
        if (TryParseAnyYear(text, preset, out period) && period.Year is >= MinYear and <= MaxYear && IsSupported(period.To)
            && (period.Kind != PeriodKind.Range || IsSupported(period.From)))
            return true;
        period = null!;
        return false;
    }

    private static bool TryParseAnyYear(string? text, CchcPreset preset, out ReportPeriod period)
    {
        period = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        try
        {
            if (MonthPattern().Match(text) is { Success: true } m) { period = Month(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value)); return true; }
            if (QuarterPattern().Match(text) is { Success: true } q) { period = Quarter(int.Parse(q.Groups[1].Value), int.Parse(q.Groups[2].Value)); return true; }
            if (YearPattern().Match(text) is { Success: true } y) { period = OfYear(int.Parse(y.Groups[1].Value)); return true; }
            if (CchcPattern().Match(text) is { Success: true } c)
            {
                if (CchcPreset.KindOf(c.Groups[1].Value) is not { } kind || !preset.Has(kind)) return false;
                period = preset.Window(kind, int.Parse(c.Groups[2].Value));
                return true;
            }
            if (RangePattern().Match(text) is { Success: true } r &&
                TryParseDate(r.Groups[1].Value, out var from) && TryParseDate(r.Groups[2].Value, out var to) && to >= from)
            {
                period = Range(from, to);
                return true;
            }
        }
        catch (ArgumentOutOfRangeException)
        {
        }
        return false;
    }

    private static string Roman(int n) => n switch { 1 => "I", 2 => "II", 3 => "III", 4 => "IV", _ => n.ToString(CultureInfo.InvariantCulture) };

    [GeneratedRegex(@"^(\d{4})-(0[1-9]|1[0-2])$")] private static partial Regex MonthPattern();
    [GeneratedRegex(@"^(\d{4})-[Qq]([1-4])$")] private static partial Regex QuarterPattern();
    [GeneratedRegex(@"^(\d{4})$")] private static partial Regex YearPattern();
    [GeneratedRegex(@"^cchc-(q1|q2|6m|q3|q4|year)-(\d{4})$", RegexOptions.IgnoreCase)] private static partial Regex CchcPattern();
    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")] private static partial Regex RangePattern();
}
