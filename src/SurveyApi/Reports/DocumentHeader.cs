using Microsoft.Extensions.Options;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>
/// The blocks of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I) that belong to the issuing unit:
/// parent body and issuing body (top left) with the số/ký hiệu, the place before the date (top right), "Nơi nhận:"
/// (bottom left) and the signer (bottom right; <paramref name="SignerAuthority"/> is "KT. CHỦ TỊCH" when a deputy signs
/// on behalf, empty otherwise).
/// </summary>
/// <param name="Symbol">Ký hiệu after the slash, e.g. "BC-UBND", "BC-TTPVHCC": printed as "Số:      /BC-UBND".</param>
public sealed record DocumentHeader(
    string ParentBody, string IssuingBody, string Symbol, string Place,
    string SignerAuthority, string SignerTitle, string SignerName, IReadOnlyList<string> Recipients);

/// <summary>Which header a report for a unit is issued under.</summary>
public interface IDocumentHeaders
{
    /// <param name="unitId">The report's unit; null for the city-wide report.</param>
    /// <param name="unitName">Its name, the issuing body when nothing else names one.</param>
    DocumentHeader For(string? unitId, string unitName);
}

/// <summary>The city-wide default from ParSurvey:Reports:Document, the same for every unit.</summary>
public sealed class ConfiguredDocumentHeaders(IOptions<OfficialDocumentOptions> options) : IDocumentHeaders
{
    public DocumentHeader For(string? unitId, string unitName)
    {
        var o = options.Value;
        var symbol = o.Number.Contains('/') ? o.Number[(o.Number.LastIndexOf('/') + 1)..].Trim() : o.Number.Trim();
        return new DocumentHeader(o.ParentBody, o.IssuingBody.Length > 0 ? o.IssuingBody : unitName, symbol, o.Place,
            "", o.SignerTitle, o.SignerName, o.Recipients);
    }
}
