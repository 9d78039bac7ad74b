using System.Globalization;

namespace ParSurvey.Analytics;

/// <summary>
/// Which CCHC (cải cách hành chính) reporting windows a locality uses: a city setting, not a code change. Both presets
/// number the reporting year Y by the calendar year its window ends in, and start it on 15 December of Y−1, so a day
/// from 15 December on belongs to the next year's windows (<see cref="YearOf"/>).
/// <list type="bullet">
/// <item><c>q11-2022</c> — Kế hoạch 19/KH-UBND (Quận 11, 2022): Q1 15/12 – 28 or 29/02, 6 months 15/12 – 31/05,
/// Q3 31/05 – 31/08, year 15/12 – 30/11. It leaves 1–14 December in no window.</item>
/// <item><c>nd09-2019</c> — Nghị định 09/2019/NĐ-CP (periodic reports close their data on the 14th): year 15/12 – 14/12,
/// quarter n from the 15th of the month before it to the 14th of its last month, 6 months 15/12 – 14/06. No gap.</item>
/// </list>
/// Period keys (<c>cchc-q1-2027</c> …) are the same in both; what a key's dates are depends on the preset in force.
/// </summary>
public sealed class CchcPreset
{
    private readonly Func<PeriodKind, int, (DateOnly From, DateOnly To)> windowOf;

    private CchcPreset(string id, string name, string nameEn, PeriodKind[] kinds, Func<PeriodKind, int, (DateOnly, DateOnly)> windowOf)
    {
        Id = id;
        Name = name;
        NameEn = nameEn;
        Kinds = kinds;
        this.windowOf = windowOf;
    }

    public const string Q11Id = "q11-2022", Nd09Id = "nd09-2019";

    public static readonly CchcPreset Q11_2022 = new(Q11Id, "Kế hoạch 19/KH-UBND (Quận 11, 2022)", "Plan 19/KH-UBND (District 11, 2022)",
        [PeriodKind.CchcQ1, PeriodKind.CchcHalfYear, PeriodKind.CchcQ3, PeriodKind.CchcYear],
        (kind, y) => kind switch
        {
            PeriodKind.CchcQ1 => (new DateOnly(y - 1, 12, 15), new DateOnly(y, 2, DateTime.DaysInMonth(y, 2))),
            PeriodKind.CchcHalfYear => (new DateOnly(y - 1, 12, 15), new DateOnly(y, 5, 31)),
            PeriodKind.CchcQ3 => (new DateOnly(y, 5, 31), new DateOnly(y, 8, 31)),
            _ => (new DateOnly(y - 1, 12, 15), new DateOnly(y, 11, 30)),
        });

    public static readonly CchcPreset Nd09_2019 = new(Nd09Id, "Nghị định 09/2019/NĐ-CP", "Decree 09/2019/ND-CP",
        [PeriodKind.CchcQ1, PeriodKind.CchcQ2, PeriodKind.CchcHalfYear, PeriodKind.CchcQ3, PeriodKind.CchcQ4, PeriodKind.CchcYear],
        (kind, y) => kind switch
        {
            PeriodKind.CchcQ1 => Quarter(y, 1),
            PeriodKind.CchcQ2 => Quarter(y, 2),
            PeriodKind.CchcQ3 => Quarter(y, 3),
            PeriodKind.CchcQ4 => Quarter(y, 4),
            PeriodKind.CchcHalfYear => (new DateOnly(y - 1, 12, 15), new DateOnly(y, 6, 14)),
            _ => (new DateOnly(y - 1, 12, 15), new DateOnly(y, 12, 14)),
        });

    /// <summary>What a server uses when the setting is not given: today's behaviour (Kế hoạch 19).</summary>
    public static CchcPreset Default => Q11_2022;

    public static IReadOnlyList<CchcPreset> All { get; } = [Q11_2022, Nd09_2019];

    public static CchcPreset? Find(string? id) => All.FirstOrDefault(p => string.Equals(p.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));

    public string Id { get; }
    public string Name { get; }
    public string NameEn { get; }

    /// <summary>The windows this preset has, in the order a form lists them.</summary>
    public IReadOnlyList<PeriodKind> Kinds { get; }

    public bool Has(PeriodKind kind) => Kinds.Contains(kind);

    /// <summary>The window of <paramref name="kind"/> for reporting year <paramref name="year"/>.</summary>
    public ReportPeriod Window(PeriodKind kind, int year)
    {
        if (!Has(kind)) throw new ArgumentException($"The CCHC preset {Id} has no {kind} window", nameof(kind));
        var (from, to) = windowOf(kind, year);
        return new ReportPeriod(kind, from, to, year, NumberOf(kind)) { Preset = this };
    }

    public IReadOnlyList<ReportPeriod> WindowsOf(int year) => Kinds.Select(k => Window(k, year)).ToArray();

    /// <summary>The reporting year whose windows a local date would fall in: from 15 December it is the next year's.</summary>
    public static int YearOf(DateOnly day) => day >= new DateOnly(day.Year, 12, 15) ? day.Year + 1 : day.Year;

    /// <summary>The CCHC year holding <paramref name="day"/>, or null when the day is in this preset's gap.</summary>
    public ReportPeriod? YearContaining(DateOnly day) => Window(PeriodKind.CchcYear, YearOf(day)) is var year && year.Contains(day) ? year : null;

    /// <summary>The days of calendar year <paramref name="year"/> that no window of this preset covers (between one CCHC
    /// year's end and the next one's start), or null when the windows join up.</summary>
    public (DateOnly From, DateOnly To)? GapIn(int year)
    {
        var end = Window(PeriodKind.CchcYear, year).To;
        var nextStart = Window(PeriodKind.CchcYear, year + 1).From;
        return nextStart.DayNumber - end.DayNumber > 1 ? (end.AddDays(1), nextStart.AddDays(-1)) : null;
    }

    /// <summary>The gap that holds <paramref name="day"/>, if any.</summary>
    public (DateOnly From, DateOnly To)? GapHolding(DateOnly day) => GapIn(day.Year) is { } gap && day >= gap.From && day <= gap.To ? gap : null;

    /// <summary>"Từ 01/12 đến 14/12 không thuộc kỳ báo cáo CCHC nào", or null when the preset leaves no gap.</summary>
    public string? GapNote(int year) => GapIn(year) is { } g
        ? $"Từ {g.From.ToString("dd/MM", CultureInfo.InvariantCulture)} đến {g.To.ToString("dd/MM", CultureInfo.InvariantCulture)} không thuộc kỳ báo cáo CCHC nào"
        : null;

    public string? GapNoteEn(int year) => GapIn(year) is { } g
        ? $"{g.From.ToString("d MMMM", CultureInfo.InvariantCulture)} to {g.To.ToString("d MMMM", CultureInfo.InvariantCulture)} fall in no CCHC reporting window"
        : null;

    /// <summary>The key's kind word: q1, q2, 6m, q3, q4, year.</summary>
    public static string KeyWord(PeriodKind kind) => kind switch
    {
        PeriodKind.CchcQ1 => "q1",
        PeriodKind.CchcQ2 => "q2",
        PeriodKind.CchcHalfYear => "6m",
        PeriodKind.CchcQ3 => "q3",
        PeriodKind.CchcQ4 => "q4",
        PeriodKind.CchcYear => "year",
        _ => throw new ArgumentException($"{kind} is not a CCHC window", nameof(kind)),
    };

    public static PeriodKind? KindOf(string word) => word.ToLowerInvariant() switch
    {
        "q1" => PeriodKind.CchcQ1,
        "q2" => PeriodKind.CchcQ2,
        "6m" => PeriodKind.CchcHalfYear,
        "q3" => PeriodKind.CchcQ3,
        "q4" => PeriodKind.CchcQ4,
        "year" => PeriodKind.CchcYear,
        _ => null,
    };

    public override string ToString() => Id;

    // 6m and year keep the numbers they always had (2 and 4); the quarters carry their own.
    private static int NumberOf(PeriodKind kind) => kind switch
    {
        PeriodKind.CchcQ1 => 1,
        PeriodKind.CchcHalfYear => 2,
        PeriodKind.CchcQ2 => 2,
        PeriodKind.CchcQ3 => 3,
        _ => 4,
    };

    /// <summary>Nghị định 09/2019: quarter n runs from the 15th of the month before it to the 14th of its last month.</summary>
    private static (DateOnly, DateOnly) Quarter(int year, int n)
    {
        var lastMonth = new DateOnly(year, n * 3, 14);
        return (lastMonth.AddMonths(-3).AddDays(1), lastMonth);
    }
}
