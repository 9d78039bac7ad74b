using System.Text;
using ParSurvey.SurveyApi.Catalog;

namespace ParSurvey.SurveyApi.Board;

/// <summary>
/// How a board names things. A board above one unit (the city, a ward with an annex) shows counters of several units,
/// and "Quầy 1 – Hộ tịch" exists in each: there counters, ticker lines and alerts carry the unit's short name
/// ("P. Sài Gòn · Quầy 1 – Hộ tịch"). Short names are derived from the catalog's names, so no catalog has to be edited:
/// the one-stop prefix is dropped where a place name follows, a parenthesis is dropped, and the division word is
/// abbreviated as on Vietnamese signs (phường → P., xã → X., thành phố → TP.).
/// </summary>
public static class BoardNames
{
    private const StringComparison IgnoreCase = StringComparison.InvariantCultureIgnoreCase;

    private static readonly string[] OneStopPrefixes =
        ["Trung tâm phục vụ hành chính công", "Bộ phận tiếp nhận và trả kết quả", "Bộ phận một cửa", "UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân"];

    private static readonly (string Word, string Short)[] Divisions =
        [("phường", "P."), ("xã", "X."), ("đặc khu", "ĐK."), ("thị trấn", "TT."), ("thành phố", "TP."), ("tỉnh", "T."), ("quận", "Q."), ("huyện", "H.")];

    /// <summary>"Trung tâm phục vụ hành chính công phường Sài Gòn" → "P. Sài Gòn"; "Sở Tài chính (Đăng ký kinh doanh)" → "Sở Tài chính".</summary>
    public static string ShortName(string unitName)
    {
        var name = unitName.Normalize(NormalizationForm.FormC).Trim();
        foreach (var prefix in OneStopPrefixes)
        {
            if (!name.StartsWith(prefix + " ", IgnoreCase)) continue;
            var rest = name[prefix.Length..].Trim();
            // Only when a place follows: "Trung tâm Phục vụ hành chính công Thành phố" keeps a name that says what it is.
            if (DivisionOf(rest) is not null) name = rest;
            else if (prefix.StartsWith("Trung tâm", IgnoreCase)) name = "TTPVHCC " + rest;
            break;
        }
        var parenthesis = name.IndexOf(" (", StringComparison.Ordinal);
        if (parenthesis > 0) name = name[..parenthesis];
        if (DivisionOf(name) is { } division) name = division.Short + " " + name[(division.Word.Length + 1)..].Trim();
        return name;
    }

    /// <summary>The division word a name starts with, when a place name follows it.</summary>
    private static (string Word, string Short)? DivisionOf(string name)
    {
        foreach (var division in Divisions)
            if (name.Length > division.Word.Length + 1 && name.StartsWith(division.Word + " ", IgnoreCase)) return division;
        return null;
    }

    /// <summary>The city board's title: the root unit's name ("UBND Thành phố Hồ Chí Minh"), not the catalog's title; the catalog's only when there are several roots.</summary>
    public static string CityTitle(SurveyCatalog catalog) => catalog.Roots.Count == 1 ? catalog.Roots[0].Name : catalog.Name;

    /// <summary>Whether the counters a board shows belong to more than one unit.</summary>
    public static bool SpansSeveralUnits(IEnumerable<Counter> counters) => counters.Select(c => c.UnitId).Distinct().Skip(1).Any();

    /// <summary>"P. Sài Gòn · Quầy 1 – Hộ tịch" on a board above one unit; the text as it is otherwise.</summary>
    public static string WithUnit(SurveyCatalog catalog, bool severalUnits, string? unitId, string text) =>
        severalUnits && unitId is not null && catalog.FindUnit(unitId) is { } unit ? $"{ShortName(unit.Name)} · {text}" : text;
}
