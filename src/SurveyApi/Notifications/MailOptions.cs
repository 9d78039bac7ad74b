using System.ComponentModel.DataAnnotations;
using MimeKit;

namespace ParSurvey.SurveyApi.Notifications;

/// <summary>
/// The SMTP server that notifications go through ("ParSurvey:Mail"). Without a <see cref="Host"/> nothing is sent: mails
/// wait in the outbox (and the console says e-mail is not configured) until one is set and the server restarted.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "ParSurvey:Mail";

    /// <summary>The SMTP server's name or address; empty: e-mail not configured.</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary><c>auto</c> (TLS on 465, STARTTLS where offered), <c>starttls</c> (required), <c>ssl</c> (TLS on connect) or <c>none</c>.</summary>
    [RegularExpression("^(auto|starttls|ssl|none)$", ErrorMessage = "ParSurvey:Mail:Security must be auto, starttls, ssl or none")]
    public string Security { get; set; } = "auto";

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>ParSurvey &lt;khong-tra-loi@phuong.gov.vn&gt;</c>.</summary>
    public string From { get; set; } = "ParSurvey <khong-tra-loi@parsurvey.local>";

    /// <summary>Attempts before a mail is given up (kept, shown in the console as failed).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait after the first failed attempt; doubled after each further one, at most an hour.</summary>
    [Range(1, 3600)]
    public int RetrySeconds { get; set; } = 30;

    /// <summary>How often the outbox is looked at besides the moment a mail enters it.</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 15;

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    public bool Configured => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Problems with the settings, each naming its key; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (!MailboxAddress.TryParse(From, out var from) || !from.Address.Contains('@'))
            yield return $"{Section}:From must be an e-mail address such as 'ParSurvey <khong-tra-loi@phuong.gov.vn>', not '{From}'";
        if (!string.IsNullOrEmpty(Username) && string.IsNullOrEmpty(Password))
            yield return $"{Section}:Password is required with {Section}:Username";
    }
}

/// <summary>
/// Who is told at once about urgent feedback ("nhũng nhiễu, tiêu cực"): the head of the unit and the city office
/// ("ParSurvey:Notifications"). A unit without its own head's address uses its nearest parent's.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "ParSurvey:Notifications";

    /// <summary>The city office (Văn phòng UBND) address that receives every urgent item.</summary>
    public string? CityOffice { get; set; }

    /// <summary>Unit id → the unit head's address, e.g. <c>"p-sai-gon": "truong.bpmc@saigon.gov.vn"</c>.</summary>
    public Dictionary<string, string> UnitHeads { get; set; } = [];

    public IEnumerable<string> Problems()
    {
        if (!string.IsNullOrWhiteSpace(CityOffice) && !IsAddress(CityOffice))
            yield return $"{Section}:CityOffice must be an e-mail address, not '{CityOffice}'";
        foreach (var (unit, address) in UnitHeads)
            if (!IsAddress(address)) yield return $"{Section}:UnitHeads:{unit} must be an e-mail address, not '{address}'";
    }

    public static bool IsAddress(string text) =>
        MailboxAddress.TryParse(text.Trim(), out var address) && address.Address.Contains('@') && !address.Address.StartsWith('@') && !address.Address.EndsWith('@');
}
