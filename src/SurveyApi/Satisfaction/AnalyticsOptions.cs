using System.ComponentModel.DataAnnotations;
using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Satisfaction;

/// <summary>How satisfaction is judged ("ParSurvey:Analytics").</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "ParSurvey:Analytics";

    /// <summary>Target share of satisfied ratings; the CCHC plans ask for 95 %.</summary>
    [Range(0.01, 1.0)]
    public double DefaultTarget { get; set; } = 0.95;

    /// <summary>Below this many ratings a group is "insufficient" rather than met or below.</summary>
    [Range(1, 1_000_000)]
    public int MinSample { get; set; } = 30;

    /// <summary>Confidence of the Wilson interval reported with each rate.</summary>
    [Range(0.5, 0.999)]
    public double Confidence { get; set; } = 0.95;

    /// <summary>The one status rule with these settings; registered once and injected wherever a tally is judged.</summary>
    public SatisfactionPolicy ToPolicy() => new(DefaultTarget, MinSample, Confidence);
}
