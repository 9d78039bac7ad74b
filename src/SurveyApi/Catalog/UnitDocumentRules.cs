using System.Text;
using System.Text.RegularExpressions;

namespace ParSurvey.SurveyApi.Catalog;

/// <summary>The checks and the tidying of a unit's <see cref="UnitDocument"/>, kept beside the catalog's other rules.</summary>
public static partial class UnitDocumentRules
{
    public const int MaxBody = 200, MaxSymbol = 30, MaxPlace = 100, MaxAuthority = 100, MaxRecipients = 20;

    /// <summary>Ký hiệu: letters (Vietnamese too), digits, '-' and '.', as in "BC-UBND", "BC-TTPVHCC"; the slash is the form's own.</summary>
    [GeneratedRegex(@"^[\p{L}\p{N}][\p{L}\p{N}.\-]*$")]
    private static partial Regex SymbolPattern();

    /// <summary>Trimmed and NFC; empty texts and recipients dropped; a document with nothing left is no document.</summary>
    public static UnitDocument? Normalised(UnitDocument? d)
    {
        if (d is null) return null;
        var recipients = d.Recipients?.Select(Nfc).Where(r => r is not null).Select(r => r!).ToArray();
        var tidy = new UnitDocument(Nfc(d.ParentBody), Nfc(d.IssuingBody), Nfc(d.Symbol), Nfc(d.Place), Nfc(d.SignerAuthority),
            Nfc(d.SignerTitle), Nfc(d.SignerName), recipients is { Length: > 0 } ? recipients : null);
        return tidy.IsEmpty ? null : tidy;
    }

    public static void Check(UnitDocument? d, string at, List<CatalogProblem> problems)
    {
        if (d is null) return;
        Length(d.ParentBody, MaxBody, $"{at}.parentBody", problems);
        Length(d.IssuingBody, MaxBody, $"{at}.issuingBody", problems);
        Length(d.Place, MaxPlace, $"{at}.place", problems);
        Length(d.SignerAuthority, MaxAuthority, $"{at}.signerAuthority", problems);
        Length(d.SignerTitle, MaxBody, $"{at}.signerTitle", problems);
        Length(d.SignerName, MaxBody, $"{at}.signerName", problems);
        if (d.Symbol is { } symbol && (symbol.Length > MaxSymbol || !SymbolPattern().IsMatch(symbol)))
            problems.Add(new($"{at}.symbol", $"Ký hiệu '{Shown(symbol)}' không hợp lệ: tối đa {MaxSymbol} chữ, số, '-' hoặc '.', ví dụ BC-UBND / " +
                                             $"symbol '{Shown(symbol)}' is invalid: at most {MaxSymbol} letters, digits, '-' or '.', e.g. BC-UBND"));
        var recipients = d.Recipients ?? [];
        if (recipients.Count > MaxRecipients)
            problems.Add(new($"{at}.recipients", $"Tối đa {MaxRecipients} nơi nhận / at most {MaxRecipients} recipients"));
        for (var i = 0; i < recipients.Count; i++) Length(recipients[i], MaxBody, $"{at}.recipients[{i}]", problems);
    }

    private static void Length(string? text, int max, string at, List<CatalogProblem> problems)
    {
        if (text is not null && text.Length > max) problems.Add(new(at, $"Tối đa {max} ký tự / at most {max} characters"));
    }

    private static string Shown(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string? Nfc(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().Normalize(NormalizationForm.FormC);
}
