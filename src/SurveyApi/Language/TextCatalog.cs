using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ParSurvey.SurveyApi.Language;

/// <summary>
/// The language catalogue: every text a person reads, one file per language (wwwroot/console/i18n/vi.json, en.json),
/// shared by the browser code (i18n.js fetches the same files) and the server's pages and messages. Vietnamese is the
/// default; a key missing from English falls back to Vietnamese, never to the key.
/// </summary>
public sealed partial class TextCatalog
{
    public const string Vietnamese = "vi", English = "en";
    public static readonly IReadOnlyList<string> Languages = [Vietnamese, English];

    private readonly FrozenDictionary<string, Texts> _byLanguage;

    public TextCatalog(IWebHostEnvironment environment)
    {
        var vi = Load(environment, Vietnamese);
        var en = Load(environment, English);
        _byLanguage = new Dictionary<string, Texts>
        {
            [Vietnamese] = new(Vietnamese, vi, null),
            [English] = new(English, en, vi),
        }.ToFrozenDictionary();
    }

    public Texts For(string? language) => _byLanguage.GetValueOrDefault(language ?? Vietnamese) ?? _byLanguage[Vietnamese];

    private static FrozenDictionary<string, string> Load(IWebHostEnvironment environment, string language)
    {
        var file = environment.WebRootFileProvider.GetFileInfo($"console/i18n/{language}.json");
        if (!file.Exists) throw new InvalidOperationException($"The language catalogue wwwroot/console/i18n/{language}.json is missing");
        using var stream = file.CreateReadStream();
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
            ?? throw new InvalidOperationException($"console/i18n/{language}.json is empty");
        return texts.ToFrozenDictionary(p => p.Key, p => p.Value.Normalize(NormalizationForm.FormC));
    }

    /// <summary>The page's language: <c>?lang=</c>, else the <c>parsurvey.lang</c> cookie the console's switch sets, else Vietnamese.</summary>
    public static string LanguageOf(HttpContext context)
    {
        var asked = context.Request.Query["lang"].ToString();
        if (Languages.Contains(asked)) return asked;
        var cookie = context.Request.Cookies[LanguageCookie];
        return cookie is not null && Languages.Contains(cookie) ? cookie : Vietnamese;
    }

    public const string LanguageCookie = "parsurvey.lang";

    [GeneratedRegex(@"\{(\w+)\}")]
    internal static partial Regex Placeholder();
}

/// <summary>The texts of one language.</summary>
public sealed class Texts(string language, FrozenDictionary<string, string> texts, FrozenDictionary<string, string>? fallback)
{
    public string Language { get; } = language;

    public CultureInfo Culture { get; } = CultureInfo.GetCultureInfo(language == TextCatalog.English ? "en-GB" : "vi-VN");

    public string this[string key] =>
        texts.GetValueOrDefault(key) ?? fallback?.GetValueOrDefault(key)
        ?? throw new KeyNotFoundException($"No text '{key}' in the language catalogue (wwwroot/console/i18n)");

    /// <summary>The text for a key with its {name} placeholders filled in, as i18n.js's t(key, values) does.</summary>
    public string Format(string key, params (string Name, object? Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => Convert.ToString(v.Value, Culture) ?? "");
        return TextCatalog.Placeholder().Replace(this[key], m => map.GetValueOrDefault(m.Groups[1].Value, ""));
    }
}
