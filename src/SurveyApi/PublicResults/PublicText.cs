using System.Globalization;
using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.PublicResults;

/// <summary>The public pages' words and number formats, in Vietnamese (default) and English.</summary>
public sealed class PublicText
{
    public static readonly PublicText Vi = new("vi", CultureInfo.GetCultureInfo("vi-VN"));
    public static readonly PublicText En = new("en", CultureInfo.GetCultureInfo("en-GB"));

    public string Lang { get; }
    private readonly CultureInfo _culture;
    private PublicText(string lang, CultureInfo culture) => (Lang, _culture) = (lang, culture);

    public static PublicText Of(string? lang) => string.Equals(lang?.Trim(), "en", StringComparison.OrdinalIgnoreCase) ? En : Vi;

    private bool English => Lang == "en";

    public string T(string vi, string en) => English ? en : vi;

    /// <summary>"95,3 %" in Vietnamese, "95.3 %" in English; "–" without ratings.</summary>
    public string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", _culture) + " %" : "–";

    public string Count(long n) => n.ToString("N0", _culture);

    public string Interval(PublicFigure f) => f.CiLow is { } low && f.CiHigh is { } high ? $"{Percent(low)} – {Percent(high)}" : "–";

    public string Status(SatisfactionStatus status) => status switch
    {
        SatisfactionStatus.Met => T("Đạt", "Met"),
        SatisfactionStatus.Below => T("Chưa đạt", "Below target"),
        _ => T("Chưa đủ mẫu", "Too few ratings"),
    };

    public static string StatusClass(SatisfactionStatus status) => status switch
    {
        SatisfactionStatus.Met => "met",
        SatisfactionStatus.Below => "below",
        _ => "insufficient",
    };

    public string Name(string name, string? nameEn) => English && !string.IsNullOrWhiteSpace(nameEn) ? nameEn : name;

    public string Month(string key) =>
        English ? DateTime.ParseExact(key, "yyyy-MM", CultureInfo.InvariantCulture).ToString("MMM yyyy", _culture) : $"{key[5..]}/{key[..4]}";

    public string MonthTitle(ReportPeriod month) => English ? month.LabelEn : $"tháng {month.Number}/{month.Year}";

    public string Date(DateOnly day) => day.ToString(English ? "d MMM yyyy" : "dd/MM/yyyy", _culture);

    public string Time(DateTimeOffset at) => VietnamTime.ToLocal(at).ToString(English ? "HH:mm, d MMM yyyy" : "HH:mm 'ngày' dd/MM/yyyy", _culture);

    private static readonly System.Text.Encodings.Web.HtmlEncoder Encoder =
        System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>HTML-escaped, Vietnamese letters kept as they are (readable source, smaller pages).</summary>
    public static string E(string text) => Encoder.Encode(text);
}
