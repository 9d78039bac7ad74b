namespace ParSurvey.Analytics;

/// <summary>
/// Counts of ratings for one group (a unit, counter, field or day): per scale and level, and per level group.
/// Levels are only ever added within their own scale; across scales only the groups add up.
/// </summary>
public sealed class Tally
{
    private readonly SortedDictionary<string, SortedDictionary<int, long>> _byScale = new(StringComparer.Ordinal);

    public long Total { get; private set; }

    public long Satisfied { get; private set; }

    public long Neutral { get; private set; }

    public long NotSatisfied { get; private set; }

    /// <summary>The scales that have ratings here, by id.</summary>
    public IEnumerable<string> ScaleIds => _byScale.Keys;

    public long CountOf(string scaleId, int score) =>
        _byScale.TryGetValue(scaleId, out var levels) ? levels.GetValueOrDefault(score) : 0;

    /// <summary>Count per score of one scale.</summary>
    public IEnumerable<KeyValuePair<int, long>> CountsOf(string scaleId) =>
        _byScale.TryGetValue(scaleId, out var levels) ? levels : [];

    public Tally Add(string scaleId, int score, LevelGroup group, long count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var levels = _byScale.TryGetValue(scaleId, out var l) ? l : _byScale[scaleId] = new SortedDictionary<int, long>();
        levels[score] = levels.GetValueOrDefault(score) + count;
        AddGroup(group, count);
        return this;
    }

    public Tally Add(Tally other)
    {
        foreach (var (scaleId, levels) in other._byScale)
        {
            var mine = _byScale.TryGetValue(scaleId, out var l) ? l : _byScale[scaleId] = new SortedDictionary<int, long>();
            foreach (var (score, count) in levels) mine[score] = mine.GetValueOrDefault(score) + count;
        }
        Total += other.Total;
        Satisfied += other.Satisfied;
        Neutral += other.Neutral;
        NotSatisfied += other.NotSatisfied;
        return this;
    }

    private void AddGroup(LevelGroup group, long count)
    {
        Total += count;
        switch (group)
        {
            case LevelGroup.Satisfied: Satisfied += count; break;
            case LevelGroup.Neutral: Neutral += count; break;
            default: NotSatisfied += count; break;
        }
    }
}
