using System.Text;
using System.Text.Json;
using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Catalog;

/// <summary>Reads and checks a catalog file. Every problem is reported at once, so a bad file fails at start-up, not at the counter.</summary>
public static class CatalogLoader
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static SurveyCatalog Load(string path)
    {
        CatalogFile? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize<CatalogFile>(stream, Json);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CatalogException(path, [e.Message]);
        }
        return Build(file ?? new CatalogFile(), path);
    }

    public static SurveyCatalog Build(CatalogFile file, string source)
    {
        var problems = new List<string>();
        var scales = RatingScale.BuiltIn.ToDictionary(s => s.Id);
        foreach (var scale in file.Scales ?? [])
        {
            CheckScale(scale, problems);
            scales[scale.Id] = scale with { Name = Nfc(scale.Name), Levels = scale.Levels.Select(l => l with { Label = Nfc(l.Label), LabelEn = Nfc(l.LabelEn) }).ToArray() };
        }
        var defaultScale = RatingScale.FourLevel;
        if (file.DefaultScale is { } ds && !scales.TryGetValue(ds, out defaultScale!))
        {
            problems.Add($"defaultScale '{ds}' is not a known scale ({string.Join(", ", scales.Keys)})");
            defaultScale = RatingScale.FourLevel;
        }

        var fields = (file.Fields ?? []).Select(f => f with { Code = f.Code?.Trim()!, Name = Nfc(f.Name), NameEn = NfcOrNull(f.NameEn) }).ToList();
        var units = (file.Units ?? []).Select(u => u with { Name = Nfc(u.Name) }).ToList();
        var counters = (file.Counters ?? []).Select(c => c with { Name = Nfc(c.Name), FieldCodes = c.FieldCodes ?? [] }).ToList();
        var reasons = (file.Reasons ?? []).Select(r => r with { Label = Nfc(r.Label), LabelEn = NfcOrNull(r.LabelEn) }).ToList();

        if (units.Count == 0) problems.Add("units: at least one unit is needed");
        Unique(fields.Select(f => f.Code), "fields[].code", problems);
        Unique(units.Select(u => u.Id), "units[].id", problems);
        Unique(counters.Select(c => c.Id), "counters[].id", problems);
        Unique(reasons.Select(r => r.Code), "reasons[].code", problems);

        var fieldCodes = fields.Select(f => f.Code).ToHashSet();
        var unitIds = units.Select(u => u.Id).ToHashSet();
        foreach (var f in fields)
        {
            if (string.IsNullOrWhiteSpace(f.Name)) problems.Add($"field '{f.Code}': name is required");
            CheckTarget(f.Target, $"field '{f.Code}'", problems);
        }
        foreach (var u in units)
        {
            if (string.IsNullOrWhiteSpace(u.Name)) problems.Add($"unit '{u.Id}': name is required");
            if (u.ParentId is not null && !unitIds.Contains(u.ParentId)) problems.Add($"unit '{u.Id}': parentId '{u.ParentId}' is not a unit");
            if (u.Scale is not null && !scales.ContainsKey(u.Scale)) problems.Add($"unit '{u.Id}': scale '{u.Scale}' is not a known scale");
            CheckTarget(u.Target, $"unit '{u.Id}'", problems);
        }
        CheckNoCycles(units, problems);
        foreach (var c in counters)
        {
            if (string.IsNullOrWhiteSpace(c.Name)) problems.Add($"counter '{c.Id}': name is required");
            if (!unitIds.Contains(c.UnitId)) problems.Add($"counter '{c.Id}': unitId '{c.UnitId}' is not a unit");
            if (c.FieldCodes.Count == 0) problems.Add($"counter '{c.Id}': fieldCodes must name at least one field");
            foreach (var code in c.FieldCodes.Where(code => !fieldCodes.Contains(code)))
                problems.Add($"counter '{c.Id}': field '{code}' is not in fields");
        }

        if (problems.Count > 0) throw new CatalogException(source, problems);
        return new SurveyCatalog(Nfc(file.Name ?? "ParSurvey"), file.Demo, defaultScale, scales.Values, units, counters, fields, reasons);
    }

    private static void CheckScale(RatingScale scale, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(scale.Id)) problems.Add("scales[].id is required");
        var levels = scale.Levels ?? [];
        if (levels.Count < 2) problems.Add($"scale '{scale.Id}': at least two levels are needed");
        if (levels.Select(l => l.Score).Distinct().Count() != levels.Count) problems.Add($"scale '{scale.Id}': scores must be distinct");
        if (!levels.Any(l => l.Satisfied)) problems.Add($"scale '{scale.Id}': at least one level must count as satisfied");
        if (levels.Any(l => string.IsNullOrWhiteSpace(l.Label))) problems.Add($"scale '{scale.Id}': every level needs a label");
    }

    private static void CheckTarget(double? target, string what, List<string> problems)
    {
        if (target is { } t && (t <= 0 || t > 1)) problems.Add($"{what}: target {t} must be a share in (0, 1], e.g. 0.95");
    }

    private static void Unique(IEnumerable<string?> ids, string what, List<string> problems)
    {
        foreach (var id in ids.Where(string.IsNullOrWhiteSpace).Take(1)) problems.Add($"{what} is required");
        foreach (var g in ids.Where(id => !string.IsNullOrWhiteSpace(id)).GroupBy(id => id).Where(g => g.Count() > 1))
            problems.Add($"{what} '{g.Key}' appears {g.Count()} times");
    }

    private static void CheckNoCycles(List<Unit> units, List<string> problems)
    {
        var byId = units.Where(u => u.Id is not null).DistinctBy(u => u.Id).ToDictionary(u => u.Id);
        foreach (var unit in units)
        {
            var seen = new HashSet<string>();
            for (var u = unit; u?.ParentId is not null; u = byId.GetValueOrDefault(u.ParentId))
            {
                if (!seen.Add(u.Id)) { problems.Add($"unit '{unit.Id}': parentId chain forms a cycle"); break; }
            }
        }
    }

    private static string Nfc(string? text) => (text ?? "").Trim().Normalize(NormalizationForm.FormC);
    private static string? NfcOrNull(string? text) => text is null ? null : Nfc(text);
}
