using System.ComponentModel.DataAnnotations;

namespace ParSurvey.SurveyApi.KioskPages;

/// <summary>How the counter kiosk behaves ("ParSurvey:Kiosk").</summary>
public sealed class KioskOptions
{
    public const string Section = "ParSurvey:Kiosk";

    /// <summary>Presses within this many seconds after a rating are ignored: one citizen, one rating.</summary>
    [Range(0.0, 120.0)]
    public double CooldownSeconds { get; set; } = 5;

    /// <summary>How long the thank-you screen shows before the question comes back.</summary>
    [Range(0.0, 60.0)]
    public double ThankYouSeconds { get; set; } = 3;

    /// <summary>The "why?" question closes by itself after this long without a touch, sending what was ticked and typed.</summary>
    [Range(1.0, 600.0)]
    public double FollowUpSeconds { get; set; } = 30;

    /// <summary>
    /// With no touch for this long, the kiosk is made ready for the next citizen: back to the field choice on a counter
    /// serving several fields (so nobody is counted under the previous citizen's field) and back to Vietnamese.
    /// </summary>
    [Range(1.0, 600.0)]
    public double IdleSeconds { get; set; } = 20;
}
