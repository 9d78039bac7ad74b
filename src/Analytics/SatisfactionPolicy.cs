namespace ParSurvey.Analytics;

/// <summary>
/// How a tally is judged: the CCHC plans' target (≥ 95 %), the smallest sample worth judging, and the confidence of
/// the interval reported beside the rate.
/// </summary>
public sealed record SatisfactionPolicy(double DefaultTarget = 0.95, int MinSample = 30, double Confidence = 0.95)
{
    public static SatisfactionPolicy Default { get; } = new();

    public SatisfactionStatus StatusOf(long total, long satisfied, double target)
    {
        if (total == 0 || total < MinSample) return SatisfactionStatus.Insufficient;
        // Compare in whole counts so 95 of 100 is exactly "met", with no floating-point doubt.
        return satisfied >= target * total - 1e-9 ? SatisfactionStatus.Met : SatisfactionStatus.Below;
    }

    /// <param name="levels">Scores to list even when nobody chose them (the scale's levels).</param>
    public SatisfactionRow Evaluate(string key, string name, Tally tally, double? target = null, IEnumerable<int>? levels = null)
    {
        var t = target ?? DefaultTarget;
        var counts = new SortedDictionary<int, long>(Comparer<int>.Create((a, b) => b.CompareTo(a)));
        foreach (var score in levels ?? []) counts[score] = 0;
        foreach (var (score, count) in tally.CountsByScore) counts[score] = count;

        var interval = WilsonInterval.Compute(tally.Satisfied, tally.Total, Confidence);
        double? rate = tally.Total == 0 ? null : (double)tally.Satisfied / tally.Total;
        return new SatisfactionRow(key, name, tally.Total, tally.Satisfied, rate, interval?.Low, interval?.High, t,
            StatusOf(tally.Total, tally.Satisfied, t), counts);
    }
}
