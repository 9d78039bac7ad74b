namespace ParSurvey.Analytics;

/// <summary>
/// How a tally is judged: the CCHC plans' target (≥ 95 %), the smallest sample worth calling "met", and the confidence
/// of the interval reported beside the rate. <see cref="StatusOf"/> is THE status rule: the API, the live board and the
/// reports all call it.
/// </summary>
public sealed record SatisfactionPolicy(double DefaultTarget = 0.95, int MinSample = 30, double Confidence = 0.95)
{
    public static SatisfactionPolicy Default { get; } = new();

    /// <summary>
    /// <c>below</c> when the interval's upper bound is under the target, whatever the number of ratings (12 of 20 is
    /// 60,0 %, 38,7–78,1 %: clearly below 95 %, not "too few"); <c>met</c> when at least MinSample ratings and
    /// rate ≥ target; <c>below</c> when at least MinSample ratings and rate &lt; target; otherwise <c>insufficient</c>.
    /// </summary>
    public SatisfactionStatus StatusOf(long total, long satisfied, double target)
    {
        if (total == 0) return SatisfactionStatus.Insufficient;
        if (WilsonInterval.Compute(satisfied, total, Confidence) is { } interval && interval.High < target)
            return SatisfactionStatus.Below;
        if (total < MinSample) return SatisfactionStatus.Insufficient;
        // Compare in whole counts so 95 of 100 is exactly "met", with no floating-point doubt.
        return satisfied >= target * total - 1e-9 ? SatisfactionStatus.Met : SatisfactionStatus.Below;
    }

    /// <param name="scales">The scope's scales, listed with every level even when nobody chose it. Scales met in the
    /// tally but not named here are listed too. With one scale the row carries <see cref="SatisfactionRow.Counts"/> per
    /// score as before; with several only per scale and per group.</param>
    public SatisfactionRow Evaluate(string key, string name, Tally tally, double? target = null, IReadOnlyList<RatingScale>? scales = null)
    {
        var t = target ?? DefaultTarget;
        var byScale = new SortedDictionary<string, IReadOnlyDictionary<int, long>>(StringComparer.Ordinal);
        foreach (var scale in scales ?? [])
            byScale[scale.Id] = LevelCounts(scale.Levels.Select(l => l.Score), tally.CountsOf(scale.Id));
        foreach (var scaleId in tally.ScaleIds.Where(id => !byScale.ContainsKey(id)))
            byScale[scaleId] = LevelCounts([], tally.CountsOf(scaleId));
        var counts = byScale.Count == 1 ? byScale.Values.Single() : null;

        var interval = WilsonInterval.Compute(tally.Satisfied, tally.Total, Confidence);
        double? rate = tally.Total == 0 ? null : (double)tally.Satisfied / tally.Total;
        return new SatisfactionRow(key, name, tally.Total, tally.Satisfied, rate, interval?.Low, interval?.High, t,
            StatusOf(tally.Total, tally.Satisfied, t), counts, new GroupCounts(tally.Satisfied, tally.Neutral, tally.NotSatisfied), byScale);
    }

    private static SortedDictionary<int, long> LevelCounts(IEnumerable<int> levels, IEnumerable<KeyValuePair<int, long>> counted)
    {
        var counts = new SortedDictionary<int, long>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (var score in levels) counts[score] = 0;
        foreach (var (score, count) in counted) counts[score] = count;
        return counts;
    }
}
