using System.Text;
using System.Text.RegularExpressions;
using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Catalog;

/// <summary>
/// Reads and checks a catalog. Every problem is reported at once with its path, so a bad file fails at start-up (or an
/// upload is refused whole), not at the counter. The same rules hold for ParSurvey:CatalogPath, the demo and uploads.
/// </summary>
public static partial class CatalogLoader
{
    public const int MaxNameLength = 200;
    private const string IdRule = "1–64 ký tự a-z, 0-9 hoặc '-' / 1–64 characters of a-z, 0-9 or '-'";

    /// <summary>Ids become keys, URLs and file names: lower-case ASCII letters, digits and '-', 1 to 64 of them.</summary>
    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex IdPattern();

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static SurveyCatalog Load(string path)
    {
        var (file, unknownKeys) = CatalogJson.Load(path);
        return Build(file, path, unknownKeys);
    }

    /// <summary>Reads a catalog kept as text (<see cref="Storage.ICatalogStore"/>) and checks it like a file.</summary>
    public static SurveyCatalog Parse(string json, string source)
    {
        var (file, unknownKeys) = CatalogJson.Parse(json, source);
        return Build(file, source, unknownKeys);
    }

    /// <summary>Reads an uploaded catalog (<see cref="CatalogJson"/>) and checks it like a file.</summary>
    public static SurveyCatalog Read(System.Text.Json.JsonElement json, string source)
    {
        var (file, unknownKeys) = CatalogJson.Read(json, source);
        return Build(file, source, unknownKeys);
    }

    /// <summary>
    /// Checks a catalog and builds it, with names NFC-normalised; throws <see cref="CatalogException"/> listing every
    /// problem, those found while reading it (<paramref name="earlier"/>: unknown keys) first.
    /// </summary>
    public static SurveyCatalog Build(CatalogFile raw, string source, IReadOnlyList<CatalogProblem>? earlier = null)
    {
        var file = Normalised(raw);
        var problems = new List<CatalogProblem>(earlier ?? []);
        var scales = RatingScale.BuiltIn.ToDictionary(s => s.Id);
        var custom = file.Scales ?? [];
        Ids(custom.Select(s => s.Id), "scales", "id", problems);
        for (var i = 0; i < custom.Count; i++)
        {
            CheckScale(custom[i], $"scales[{i}]", problems);
            if (custom[i].Id is { } id) scales[id] = custom[i];
        }
        var defaultScale = RatingScale.FourLevel;
        if (file.DefaultScale is { } ds && !scales.TryGetValue(ds, out defaultScale!))
        {
            problems.Add(new("defaultScale", NotOneOf(ds, "thang đo", "scale", scales.Keys)));
            defaultScale = RatingScale.FourLevel;
        }

        var units = file.Units ?? [];
        var counters = file.Counters ?? [];
        var fields = file.Fields ?? [];
        var reasons = file.Reasons ?? [];
        if (units.Count == 0) problems.Add(new("units", "Cần ít nhất một đơn vị / at least one unit is needed"));
        Ids(fields.Select(f => f.Code), "fields", "code", problems);
        Ids(units.Select(u => u.Id), "units", "id", problems);
        Ids(counters.Select(c => c.Id), "counters", "id", problems);
        Ids(reasons.Select(r => r.Code), "reasons", "code", problems);
        var categories = file.FeedbackCategories ?? [];
        Ids(categories.Select(c => c.Code), "feedbackCategories", "code", problems);
        for (var i = 0; i < categories.Count; i++) Names(categories[i].Label, categories[i].LabelEn, $"feedbackCategories[{i}]", "label", "labelEn", problems);

        var fieldCodes = fields.Select(f => f.Code).ToHashSet();
        var unitIds = units.Select(u => u.Id).ToHashSet();
        for (var i = 0; i < fields.Count; i++)
        {
            Names(fields[i].Name, fields[i].NameEn, $"fields[{i}]", "name", "nameEn", problems);
            CheckTarget(fields[i].Target, $"fields[{i}].target", problems);
        }
        for (var i = 0; i < reasons.Count; i++) Names(reasons[i].Label, reasons[i].LabelEn, $"reasons[{i}]", "label", "labelEn", problems);
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            Names(u.Name, u.NameEn, $"units[{i}]", "name", "nameEn", problems);
            if (u.ParentId is not null && !unitIds.Contains(u.ParentId)) problems.Add(new($"units[{i}].parentId", NotOneOf(u.ParentId, "đơn vị", "unit", unitIds)));
            if (u.Scale is not null && !scales.ContainsKey(u.Scale)) problems.Add(new($"units[{i}].scale", NotOneOf(u.Scale, "thang đo", "scale", scales.Keys)));
            CheckTarget(u.Target, $"units[{i}].target", problems);
            UnitDocumentRules.Check(u.Document, $"units[{i}].document", problems);
        }
        CheckNoCycles(units, problems);
        for (var i = 0; i < counters.Count; i++)
        {
            var c = counters[i];
            Names(c.Name, c.NameEn, $"counters[{i}]", "name", "nameEn", problems);
            if (c.UnitId is null || !unitIds.Contains(c.UnitId)) problems.Add(new($"counters[{i}].unitId", NotOneOf(c.UnitId, "đơn vị", "unit", unitIds)));
            if (c.FieldCodes.Count == 0) problems.Add(new($"counters[{i}].fieldCodes", "Phải có ít nhất một lĩnh vực / must name at least one field"));
            for (var j = 0; j < c.FieldCodes.Count; j++)
            {
                if (c.FieldCodes[j] is null || !fieldCodes.Contains(c.FieldCodes[j])) problems.Add(new($"counters[{i}].fieldCodes[{j}]", NotOneOf(c.FieldCodes[j], "lĩnh vực", "field", fieldCodes)));
                else if (c.FieldCodes.Take(j).Contains(c.FieldCodes[j])) problems.Add(new($"counters[{i}].fieldCodes[{j}]", $"'{c.FieldCodes[j]}' lặp lại / appears twice"));
            }
        }

        if (problems.Count > 0) throw new CatalogException(source, problems);
        return new SurveyCatalog(file, defaultScale, scales.Values);
    }

    /// <summary>Names trimmed and NFC-normalised, lists never null; ids untouched (a wrong id is refused, not repaired).</summary>
    private static CatalogFile Normalised(CatalogFile file) => file with
    {
        Name = NfcOrNull(file.Name),
        Scales = file.Scales?.Select(s => s with
        {
            Name = Nfc(s.Name),
            Levels = (s.Levels ?? []).Select(l => l with { Label = Nfc(l.Label), LabelEn = Nfc(l.LabelEn) }).ToArray(),
        }).ToList(),
        Units = file.Units?.Select(u => u with { Name = Nfc(u.Name), NameEn = NfcOrNull(u.NameEn), Document = UnitDocumentRules.Normalised(u.Document) }).ToList(),
        Counters = file.Counters?.Select(c => c with { Name = Nfc(c.Name), NameEn = NfcOrNull(c.NameEn), FieldCodes = c.FieldCodes ?? [] }).ToList(),
        Fields = file.Fields?.Select(f => f with { Name = Nfc(f.Name), NameEn = NfcOrNull(f.NameEn) }).ToList(),
        Reasons = file.Reasons?.Select(r => r with { Label = Nfc(r.Label), LabelEn = NfcOrNull(r.LabelEn) }).ToList(),
        FeedbackCategories = file.FeedbackCategories?.Select(c => c with { Label = Nfc(c.Label), LabelEn = NfcOrNull(c.LabelEn) }).ToList(),
    };

    private static void CheckScale(RatingScale scale, string at, List<CatalogProblem> problems)
    {
        var levels = scale.Levels;
        if (string.IsNullOrWhiteSpace(scale.Name)) problems.Add(new($"{at}.name", "Bắt buộc / required"));
        if (levels.Count < 2) problems.Add(new($"{at}.levels", "Cần ít nhất hai mức / at least two levels are needed"));
        if (levels.Select(l => l.Score).Distinct().Count() != levels.Count) problems.Add(new($"{at}.levels", "Điểm (score) các mức phải khác nhau / scores must be distinct"));
        if (levels.Count > 0 && !levels.Any(l => l.Satisfied)) problems.Add(new($"{at}.levels", "Ít nhất một mức tính là hài lòng / at least one level must count as satisfied"));
        for (var i = 0; i < levels.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(levels[i].Label)) problems.Add(new($"{at}.levels[{i}].label", "Bắt buộc / required"));
            if (levels[i].Label.Length > MaxNameLength) problems.Add(new($"{at}.levels[{i}].label", TooLong));
        }
    }

    private static void Ids(IEnumerable<string?> ids, string list, string key, List<CatalogProblem> problems)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var id in ids)
        {
            var at = $"{list}[{index}].{key}";
            if (id is null) problems.Add(new(at, $"Bắt buộc, {IdRule} / required"));
            else if (!IsValidId(id)) problems.Add(new(at, $"'{Shown(id)}' không hợp lệ: {IdRule}"));
            else if (first.TryGetValue(id, out var earlier)) problems.Add(new(at, $"'{id}' trùng với {list}[{earlier}] / duplicate of {list}[{earlier}]"));
            else first[id] = index;
            index++;
        }
    }

    private static void Names(string name, string? nameEn, string at, string key, string keyEn, List<CatalogProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(name)) problems.Add(new($"{at}.{key}", "Bắt buộc / required"));
        else if (name.Length > MaxNameLength) problems.Add(new($"{at}.{key}", TooLong));
        if (nameEn is null) return;
        if (nameEn.Length == 0) problems.Add(new($"{at}.{keyEn}", "Bỏ khóa này hoặc ghi tên tiếng Anh / leave the key out or give an English name"));
        else if (nameEn.Length > MaxNameLength) problems.Add(new($"{at}.{keyEn}", TooLong));
    }

    private static readonly string TooLong = $"Tối đa {MaxNameLength} ký tự / at most {MaxNameLength} characters";

    private static void CheckTarget(double? target, string at, List<CatalogProblem> problems)
    {
        if (target is { } t && (t <= 0 || t > 1))
            problems.Add(new(at, $"target {t} phải là tỉ lệ trong (0, 1], ví dụ 0.95 / target {t} must be a share in (0, 1], e.g. 0.95"));
    }

    /// <summary>A dangling reference: says what was named and what may be named instead.</summary>
    private static string NotOneOf(string? value, string vi, string en, IEnumerable<string> known)
    {
        if (value is null) return $"Bắt buộc: mã một {vi} trong danh mục / required: the id of a {en} in the catalog";
        var list = known.Where(k => k is not null).Order(StringComparer.Ordinal).ToArray();
        var shown = list.Length <= 12 ? string.Join(", ", list) : string.Join(", ", list.Take(12)) + ", …";
        return $"'{Shown(value)}' không phải {vi} trong danh mục ({shown}) / '{Shown(value)}' is not a {en} in the catalog ({shown})";
    }

    private static string Shown(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static void CheckNoCycles(List<Unit> units, List<CatalogProblem> problems)
    {
        var byId = units.Where(u => u.Id is not null).DistinctBy(u => u.Id).ToDictionary(u => u.Id);
        for (var i = 0; i < units.Count; i++)
        {
            var seen = new HashSet<string>();
            for (var u = units[i]; u?.ParentId is not null; u = byId.GetValueOrDefault(u.ParentId))
            {
                if (!seen.Add(u.Id)) { problems.Add(new($"units[{i}].parentId", "Chuỗi parentId tạo thành vòng / the parentId chain forms a cycle")); break; }
            }
        }
    }

    private static string Nfc(string? text) => (text ?? "").Trim().Normalize(NormalizationForm.FormC);
    private static string? NfcOrNull(string? text) => text is null ? null : Nfc(text);
}
