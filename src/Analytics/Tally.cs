namespace ParSurvey.Analytics;

/// <summary>Counts of ratings for one group (a unit, counter, field or day): per score, and how many were satisfied.</summary>
public sealed class Tally
{
    private readonly SortedDictionary<int, long> _byScore = new();

    public long Total { get; private set; }

    public long Satisfied { get; private set; }

    /// <summary>Count per score, highest score first.</summary>
    public IEnumerable<KeyValuePair<int, long>> CountsByScore => _byScore.Reverse();

    public long CountOf(int score) => _byScore.GetValueOrDefault(score);

    public Tally Add(int score, bool satisfied, long count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _byScore[score] = _byScore.GetValueOrDefault(score) + count;
        Total += count;
        if (satisfied) Satisfied += count;
        return this;
    }

    public Tally Add(Tally other)
    {
        foreach (var (score, count) in other._byScore) _byScore[score] = _byScore.GetValueOrDefault(score) + count;
        Total += other.Total;
        Satisfied += other.Satisfied;
        return this;
    }
}
