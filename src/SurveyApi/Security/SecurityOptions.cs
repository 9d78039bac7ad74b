using System.ComponentModel.DataAnnotations;

namespace ParSurvey.SurveyApi.Security;

/// <summary>The first administrator ("ParSurvey:Admin"). With no password set, a one-time password is printed at first start.</summary>
public sealed class AdminOptions
{
    public const string Section = "ParSurvey:Admin";

    [EmailAddress]
    public string? Email { get; set; }

    [MinLength(10)]
    public string? Password { get; set; }
}

/// <summary>Sign-in, device and QR-link limits ("ParSurvey:Security").</summary>
public sealed class SecurityOptions
{
    public const string Section = "ParSurvey:Security";

    /// <summary>Failed sign-ins in a row before an account is locked.</summary>
    [Range(1, 100)]
    public int MaxFailedLogins { get; set; } = 5;

    [Range(1, 24 * 60)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Sign-in attempts per client address per minute.</summary>
    [Range(1, 1_000_000)]
    public int LoginPerMinute { get; set; } = 10;

    /// <summary>Pairing attempts per client address per minute (pairing codes are short).</summary>
    [Range(1, 1_000_000)]
    public int PairingPerMinute { get; set; } = 10;

    /// <summary>
    /// Ratings per minute through QR links from one client address: a ceiling for a whole hall whose phones share one
    /// Wi-Fi (NAT), not a per-phone limit (that is ParSurvey:Survey:RepeatMinutes). 120 is a busy hall of 30 counters
    /// each giving a rating every 15 seconds.
    /// </summary>
    [Range(1, 1_000_000)]
    public int QrRatingsPerMinute { get; set; } = 120;

    /// <summary>Ratings per minute from one kiosk device (a real counter gives a few per hour; an offline queue flushes in batches).</summary>
    [Range(1, 100_000_000)]
    public int DeviceRatingsPerMinute { get; set; } = 600;

    [Range(1, 24 * 30)]
    public int PairingCodeHours { get; set; } = 24;

    /// <summary>How long a dossier-receipt QR link stays valid unless the caller asks for less.</summary>
    [Range(1, 24 * 366)]
    public int DossierLinkHours { get; set; } = 24 * 7;

    /// <summary>Key for signing QR links, base64 (≥ 32 bytes). Empty: generated once and kept in the data folder.</summary>
    public string? QrSigningKey { get; set; }

    /// <summary>The address citizens' phones reach, used in QR links, e.g. https://haiLong.phuong-saigon.gov.vn.</summary>
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
}
