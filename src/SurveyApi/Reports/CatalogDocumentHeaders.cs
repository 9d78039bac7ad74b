using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Catalog;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>A resolved header and, per item, where it came from: a unit's id, or null for ParSurvey:Reports:Document.</summary>
public sealed record ResolvedDocumentHeader(DocumentHeader Header, IReadOnlyDictionary<string, string?> From);

/// <summary>
/// The header a unit's reports are issued under, from the catalog: each item is the unit's own, else its nearest
/// ancestor's, else ParSurvey:Reports:Document's (where an empty issuing body means the unit's own name). The city-wide
/// report uses the configured header alone. Catalog edits take effect at once: it reads the catalog in force per report.
/// </summary>
public sealed class CatalogDocumentHeaders(CatalogProvider catalogs, IOptions<OfficialDocumentOptions> options) : IDocumentHeaders
{
    public DocumentHeader For(string? unitId, string unitName) => Resolve(catalogs.Current, unitId, unitName, options.Value).Header;

    public static ResolvedDocumentHeader Resolve(SurveyCatalog catalog, string? unitId, string unitName, OfficialDocumentOptions configured)
    {
        var fallback = new ConfiguredDocumentHeaders(Options.Create(configured)).For(unitId, unitName);
        var chain = new List<Unit>();
        for (var u = unitId is null ? null : catalog.FindUnit(unitId); u is not null && chain.Count < 64; u = u.ParentId is { } p ? catalog.FindUnit(p) : null)
            chain.Add(u);
        var from = new Dictionary<string, string?>(StringComparer.Ordinal);

        string Pick(string key, Func<UnitDocument, string?> item, string otherwise)
        {
            foreach (var unit in chain)
                if (unit.Document is { } d && item(d) is { Length: > 0 } value)
                {
                    from[key] = unit.Id;
                    return value;
                }
            from[key] = null;
            return otherwise;
        }

        var recipients = chain.FirstOrDefault(u => u.Document?.Recipients is { Count: > 0 });
        from["recipients"] = recipients?.Id;
        var header = new DocumentHeader(
            Pick("parentBody", d => d.ParentBody, fallback.ParentBody),
            Pick("issuingBody", d => d.IssuingBody, fallback.IssuingBody),
            Pick("symbol", d => d.Symbol, fallback.Symbol),
            Pick("place", d => d.Place, fallback.Place),
            Pick("signerAuthority", d => d.SignerAuthority, fallback.SignerAuthority),
            Pick("signerTitle", d => d.SignerTitle, fallback.SignerTitle),
            Pick("signerName", d => d.SignerName, fallback.SignerName),
            recipients?.Document!.Recipients! ?? fallback.Recipients);
        return new ResolvedDocumentHeader(header, from);
    }
}
