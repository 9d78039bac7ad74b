using System.ComponentModel.DataAnnotations;

namespace ParSurvey.SurveyApi.Survey;

/// <summary>The citizen's QR survey on a phone ("ParSurvey:Survey").</summary>
public sealed class SurveyOptions
{
    public const string Section = "ParSurvey:Survey";

    /// <summary>
    /// One phone rates one counter's poster once in this many minutes: a second rating is refused politely. A citizen
    /// is served at a counter once per visit; 30 minutes covers a visit without locking out tomorrow's.
    /// </summary>
    [Range(1, 24 * 60)]
    public int RepeatMinutes { get; set; } = 30;

    /// <summary>How long a phone keeps its random identity cookie (hours); the server refuses older cookies.</summary>
    [Range(1, 24 * 31)]
    public int PhoneCookieHours { get; set; } = 24;
}
