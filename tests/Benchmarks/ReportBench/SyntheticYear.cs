using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Ratings;

namespace ParSurvey.Benchmarks.Reports;

/// <summary>
/// A made-up but plausible city-year of ratings over a catalog's counters: every local day of <see cref="Year"/>,
/// busy on weekday mornings, half a day on Saturdays, almost nothing on Sundays and public holidays. Deterministic
/// (fixed seed), produced day by day in time order as the kiosks would send them, never all in memory at once.
/// </summary>
public sealed class SyntheticYear
{
    public const int Year = 2026;

    /// <summary>Share of ratings that are unsatisfied on average; each of them names 1–2 reasons.</summary>
    public const double UnsatisfiedShare = 0.15;

    private readonly SurveyCatalog _catalog;
    private readonly long _total;
    private readonly Random _random;
    private readonly CounterProfile[] _counters;
    private readonly double[] _counterWeights;
    private readonly (string Code, double Weight)[] _reasons;

    private sealed record CounterProfile(Counter Counter, RatingScale Scale, int[] SatisfiedScores, int[] UnsatisfiedScores, double Unsatisfied);

    public SyntheticYear(SurveyCatalog catalog, long total, int seed = 20261)
    {
        _catalog = catalog;
        _total = total;
        _random = new Random(seed);
        _counters = catalog.Counters.Select(c =>
        {
            var levels = catalog.ScaleOf(c.UnitId).Levels.OrderByDescending(l => l.Score).ToArray();
            // Some counters do well, some badly, so the report has both kinds: 6 % to 24 % unhappy, 15 % on average.
            var unsatisfied = UnsatisfiedShare - 0.09 + 0.18 * _random.NextDouble();
            return new CounterProfile(c, catalog.ScaleOf(c.UnitId), levels.Where(l => l.Satisfied).Select(l => l.Score).ToArray(),
                levels.Where(l => !l.Satisfied).Select(l => l.Score).ToArray(), unsatisfied);
        }).ToArray();
        // Ward centres serve more people than a department's counters.
        _counterWeights = Cumulative(_counters.Select(p => (p.Counter.UnitId.StartsWith("so-", StringComparison.Ordinal) ? 0.6 : 1.2)
            * (0.5 + _random.NextDouble())));
        var common = new Dictionary<string, double>
        {
            ["cho-lau"] = 30, ["bo-sung"] = 20, ["huong-dan"] = 15, ["thai-do"] = 12, ["tre-hen"] = 12, ["co-so-vat-chat"] = 8, ["chi-them-tien"] = 3,
        };
        _reasons = catalog.Reasons.Select(r => (r.Code, common.GetValueOrDefault(r.Code, 10))).ToArray();
    }

    /// <summary>How many ratings each day of the year gets; the counts add up to the total exactly.</summary>
    public long[] DailyCounts()
    {
        var days = Enumerable.Range(0, DateTime.IsLeapYear(Year) ? 366 : 365).Select(i => new DateOnly(Year, 1, 1).AddDays(i)).ToArray();
        var weights = days.Select(DayWeight).ToArray();
        var sum = weights.Sum();
        var exact = weights.Select(w => _total * w / sum).ToArray();
        var counts = exact.Select(e => (long)Math.Floor(e)).ToArray();
        var left = _total - counts.Sum();
        foreach (var i in Enumerable.Range(0, days.Length).OrderByDescending(i => exact[i] - counts[i]).Take((int)left)) counts[i]++;
        return counts;
    }

    /// <summary>The ratings, oldest first.</summary>
    public IEnumerable<Rating> Ratings()
    {
        var counts = DailyCounts();
        for (var d = 0; d < counts.Length; d++)
        {
            var day = new DateOnly(Year, 1, 1).AddDays(d);
            var slots = day.DayOfWeek == DayOfWeek.Saturday ? SaturdaySlots : WeekdaySlots;
            var start = VietnamTime.StartOfDay(day);
            var times = new long[counts[d]];
            for (var i = 0; i < times.Length; i++)
            {
                var slot = Pick(slots, _random.NextDouble());
                // Half-hour slots from 07:00 local.
                times[i] = TimeSpan.FromHours(7).Ticks + slot * TimeSpan.TicksPerMinute * 30 + _random.NextInt64(TimeSpan.TicksPerMinute * 30);
            }
            Array.Sort(times);
            foreach (var ticks in times) yield return Make(day, start.AddTicks(ticks));
        }
    }

    private Rating Make(DateOnly day, DateTimeOffset at)
    {
        var profile = _counters[Pick(_counterWeights, _random.NextDouble())];
        var counter = profile.Counter;
        var field = counter.FieldCodes[_random.Next(counter.FieldCodes.Count)];
        var satisfied = profile.UnsatisfiedScores.Length == 0 || _random.NextDouble() >= profile.Unsatisfied;
        var scores = satisfied ? profile.SatisfiedScores : profile.UnsatisfiedScores;
        // The best of the satisfied levels (or the mildest of the unsatisfied ones) is the most common answer.
        var score = scores.Length == 1 || _random.NextDouble() < 0.6 ? scores[0] : scores[1 + _random.Next(scores.Length - 1)];
        string[] reasons = satisfied || _reasons.Length == 0 ? [] : PickReasons();
        // 1 % comment: 3 % of the unhappy, 0.65 % of the rest.
        var comment = _random.NextDouble() < (satisfied ? 0.0065 : 0.03)
            ? (satisfied ? Praise : Complaints)[_random.Next(satisfied ? Praise.Length : Complaints.Length)]
            : null;
        var qr = _random.NextDouble() < 0.15;
        var channel = qr ? Channels.Qr : Channels.Kiosk;
        var procedure = qr && _random.NextDouble() < 0.6 ? Procedures[_random.Next(Procedures.Length)] : null;
        var token = procedure is not null && _random.NextDouble() < 0.5 ? NextGuid().ToString("N") : null;
        // Kiosks stamp the tap and post within a second or two; a phone's QR form is stamped by the server.
        DateTimeOffset? submitted = qr ? null : at;
        var received = qr ? at : at.AddMilliseconds(_random.Next(50, 1500));
        return new Rating(NextGuid(), counter.Id, counter.UnitId, field, profile.Scale.Id, score, profile.Scale.Level(score)!.Group, channel, reasons, comment, procedure,
            submitted, received, at, day, ContentHash(counter.Id, field, score, channel, reasons, comment, procedure, submitted), token);
    }

    private string[] PickReasons()
    {
        var first = PickReason();
        if (_reasons.Length < 2 || _random.NextDouble() >= 0.3) return [first];
        string second;
        do second = PickReason(); while (second == first);
        return [first, second];
    }

    private string PickReason()
    {
        var roll = _random.NextDouble() * _reasons.Sum(r => r.Weight);
        foreach (var (code, weight) in _reasons)
        {
            if (roll < weight) return code;
            roll -= weight;
        }
        return _reasons[^1].Code;
    }

    /// <summary>A version-4 UUID, as the kiosk makes, but from the seeded generator so reruns give the same file.</summary>
    private Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    /// <summary>The server's fingerprint of what a client sent (RatingParser's canonical form).</summary>
    private static string ContentHash(string counterId, string fieldCode, int score, string channel, IReadOnlyList<string> reasons,
        string? comment, string? procedureCode, DateTimeOffset? submittedAt)
    {
        var canonical = string.Join('\u001f', counterId, fieldCode, score.ToString(CultureInfo.InvariantCulture), channel,
            string.Join('\u001e', reasons), comment ?? "\u0000", procedureCode ?? "\u0000",
            submittedAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "\u0000");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static double DayWeight(DateOnly day)
    {
        if (Holidays.Contains(day) || day.DayOfWeek == DayOfWeek.Sunday) return 0.03; // a few Sunday services, online QR
        var month = day.Month switch { 1 => 1.2, 2 => 0.9, 12 => 1.1, _ => 1.0 };   // the rush before Tết, the lull after
        return (day.DayOfWeek == DayOfWeek.Saturday ? 0.45 : 1.0) * month;
    }

    /// <summary>Public holidays of 2026: New Year, Tết (14–22 Feb), Hùng Kings (observed 27 Apr), 30/4–1/5, National Day.</summary>
    private static readonly HashSet<DateOnly> Holidays =
    [
        new(2026, 1, 1), .. Enumerable.Range(14, 9).Select(d => new DateOnly(2026, 2, d)),
        new(2026, 4, 27), new(2026, 4, 30), new(2026, 5, 1), new(2026, 9, 1), new(2026, 9, 2),
    ];

    // Half-hours from 07:00 to 17:30: a morning peak, a lunch break, a smaller afternoon peak.
    private static readonly double[] WeekdaySlots = Cumulative(
        [0.3, 0.8, 1.0, 1.0, 1.0, 0.9, 0.8, 0.6, 0.4, 0.1, 0.02, 0.05, 0.4, 0.7, 0.8, 0.8, 0.7, 0.6, 0.4, 0.2, 0.05]);

    private static readonly double[] SaturdaySlots = Cumulative([0.3, 0.8, 1.0, 1.0, 1.0, 0.9, 0.8, 0.6, 0.4, 0.1]);

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var list = weights.ToArray();
        var sum = list.Sum();
        var running = 0.0;
        return list.Select(w => (running += w) / sum).ToArray();
    }

    private static int Pick(double[] cumulative, double roll)
    {
        var i = Array.BinarySearch(cumulative, roll);
        return Math.Min(i >= 0 ? i + 1 : ~i, cumulative.Length - 1);
    }

    private static readonly string[] Praise = Nfc(
        "Cán bộ nhiệt tình, hướng dẫn rất chu đáo.", "Làm nhanh, không phải chờ lâu.", "Cảm ơn chị ở quầy đã giúp đỡ.",
        "Thủ tục gọn, trả kết quả đúng hẹn.", "Phòng chờ sạch sẽ, mát mẻ.", "Rất hài lòng với thái độ phục vụ.");

    private static readonly string[] Complaints = Nfc(
        "Chờ gần hai tiếng mới tới lượt.", "Phải bổ sung giấy tờ nhiều lần.", "Hướng dẫn không rõ, mỗi người nói một kiểu.",
        "Trễ hẹn trả kết quả một tuần.", "Máy lấy số bị hỏng.", "Cán bộ trả lời cộc lốc.", "Không có chỗ để xe.");

    private static readonly string[] Procedures = ["1.004227", "1.001193", "1.000894", "2.000908", "1.003583", "2.001023"];

    private static string[] Nfc(params string[] texts) => texts.Select(t => t.Normalize(NormalizationForm.FormC)).ToArray();
}
