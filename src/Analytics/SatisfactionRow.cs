namespace ParSurvey.Analytics;

public enum SatisfactionStatus
{
    /// <summary>Rate at or above target (đạt).</summary>
    Met,
    /// <summary>Rate below target with enough ratings to say so (chưa đạt).</summary>
    Below,
    /// <summary>Too few ratings to judge (chưa đủ mẫu).</summary>
    Insufficient,
}

/// <summary>Satisfaction of one group against its target.</summary>
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
    IReadOnlyDictionary<int, long> Counts);
