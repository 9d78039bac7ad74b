namespace ParSurvey.Analytics;

public enum SatisfactionStatus
{
    /// <summary>Rate at or above target with enough ratings (đạt).</summary>
    Met,
    /// <summary>Below target: clearly, by the interval, or with enough ratings (chưa đạt).</summary>
    Below,
    /// <summary>Too few ratings to judge either way (chưa đủ mẫu).</summary>
    Insufficient,
}

/// <summary>How many ratings fell in each level group; the only counts that add up across scales.</summary>
public sealed record GroupCounts(long Satisfied, long Neutral, long NotSatisfied);

/// <summary>Satisfaction of one group against its target.</summary>
/// <param name="Counts">Per score, when the scope has one scale (as it always had); null when it spans several scales.</param>
/// <param name="Groups">Per level group: satisfied, neutral, not satisfied.</param>
/// <param name="CountsByScale">Per scale id, per score of that scale: levels are never added across scales.</param>
public sealed record SatisfactionRow(
    string Key,
    string Name,
    long Total,
    long Satisfied,
    double? Rate,
    double? CiLow,
    double? CiHigh,
    double Target,
    SatisfactionStatus Status,
    IReadOnlyDictionary<int, long>? Counts,
    GroupCounts Groups,
    IReadOnlyDictionary<string, IReadOnlyDictionary<int, long>> CountsByScale);
