using System.Globalization;
using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Catalog;

/// <summary>Ids added, removed and changed (any key of the item) in one list of the catalog.</summary>
public sealed record IdChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed)
{
    public bool IsEmpty => Added.Count + Removed.Count + Changed.Count == 0;

    public static IdChanges Between<T>(IEnumerable<T> before, IEnumerable<T> after, Func<T, string> id)
    {
        var old = before.ToDictionary(id, x => CatalogJson.Serialize(x));
        var now = after.ToDictionary(id, x => CatalogJson.Serialize(x));
        return new(
            now.Keys.Where(k => !old.ContainsKey(k)).ToArray(),
            old.Keys.Where(k => !now.ContainsKey(k)).ToArray(),
            now.Keys.Where(k => old.TryGetValue(k, out var was) && was != now[k]).ToArray());
    }
}

/// <summary>
/// A unit's or counter's scale as its ratings see it: its own, inherited or the default. <c>From == To</c> means the scale
/// kept its id but its levels were redefined.
/// </summary>
public sealed record ScaleChange(string Kind, string Id, string From, string To);

/// <summary>A unit's target as in force (own or inherited), or a field's.</summary>
public sealed record TargetChange(string Kind, string Id, double? From, double? To);

/// <summary>What a new catalog changes against the one in force: what the audit records and what an upload answers.</summary>
public sealed record CatalogChanges(
    bool Unchanged,
    bool HeaderChanged,
    IdChanges Scales,
    IdChanges Units,
    IdChanges Counters,
    IdChanges Fields,
    IdChanges Reasons,
    IReadOnlyList<ScaleChange> ScaleChanges,
    IReadOnlyList<TargetChange> TargetChanges,
    IReadOnlyList<string>? DocumentChanges = null)
{
    /// <summary>Only the order of items changed (lists are shown in file order).</summary>
    public bool OrderOnly => !Unchanged && !HeaderChanged && Scales.IsEmpty && Units.IsEmpty && Counters.IsEmpty && Fields.IsEmpty && Reasons.IsEmpty;

    public static CatalogChanges Between(SurveyCatalog before, SurveyCatalog after)
    {
        var scaleChanges = new List<ScaleChange>();
        foreach (var unit in after.Units.Where(u => before.FindUnit(u.Id) is not null))
            AddIfChanged(scaleChanges, "unit", unit.Id, before.ScaleOf(unit.Id), after.ScaleOf(unit.Id));
        foreach (var counter in after.Counters)
            if (before.FindCounter(counter.Id) is { } was)
                AddIfChanged(scaleChanges, "counter", counter.Id, before.ScaleOf(was.UnitId), after.ScaleOf(counter.UnitId));

        var targetChanges = new List<TargetChange>();
        foreach (var unit in after.Units.Where(u => before.FindUnit(u.Id) is not null))
            if (before.TargetOf(unit.Id) != after.TargetOf(unit.Id)) targetChanges.Add(new("unit", unit.Id, before.TargetOf(unit.Id), after.TargetOf(unit.Id)));
        foreach (var field in after.Fields)
            if (before.FindField(field.Code) is { } was && was.Target != field.Target) targetChanges.Add(new("field", field.Code, was.Target, field.Target));

        return new(
            CatalogJson.Serialize(before.File) == CatalogJson.Serialize(after.File),
            before.File.Name != after.File.Name || before.File.Demo != after.File.Demo || before.File.DefaultScale != after.File.DefaultScale,
            IdChanges.Between(before.File.Scales ?? [], after.File.Scales ?? [], s => s.Id),
            IdChanges.Between(before.Units, after.Units, u => u.Id),
            IdChanges.Between(before.Counters, after.Counters, c => c.Id),
            IdChanges.Between(before.Fields, after.Fields, f => f.Code),
            IdChanges.Between(before.Reasons, after.Reasons, r => r.Code),
            scaleChanges,
            targetChanges,
            // A unit whose own document header (units[].document) was added, changed or removed.
            after.Units.Where(u => before.FindUnit(u.Id) is { } was && CatalogJson.Serialize(was.Document) != CatalogJson.Serialize(u.Document))
                .Select(u => u.Id).ToArray());
    }

    private static void AddIfChanged(List<ScaleChange> changes, string kind, string id, RatingScale before, RatingScale after)
    {
        if (before.Id != after.Id || CatalogJson.Serialize(before) != CatalogJson.Serialize(after))
            changes.Add(new(kind, id, before.Id, after.Id));
    }

    /// <summary>One line for the audit log, e.g. "đơn vị/units +p-moi −p-cu; thang đo/scale: unit so-tu-phap 3-muc→4-muc".</summary>
    public string Summary()
    {
        var parts = new List<string>();
        if (OrderOnly) parts.Add("thứ tự/order");
        if (HeaderChanged) parts.Add("tên, demo hoặc thang mặc định/name, demo or defaultScale");
        Describe(parts, "thang đo/scales", Scales);
        Describe(parts, "đơn vị/units", Units);
        Describe(parts, "quầy/counters", Counters);
        Describe(parts, "lĩnh vực/fields", Fields);
        Describe(parts, "lý do/reasons", Reasons);
        if (ScaleChanges.Count > 0)
            parts.Add("thang đo/scale: " + string.Join(", ", ScaleChanges.Select(c =>
                $"{c.Kind} {c.Id} {c.From}→{c.To}{(c.From == c.To ? " (định nghĩa mới/redefined)" : "")}")));
        if (TargetChanges.Count > 0)
            parts.Add("chỉ tiêu/target: " + string.Join(", ", TargetChanges.Select(c => $"{c.Kind} {c.Id} {Share(c.From)}→{Share(c.To)}")));
        if (DocumentChanges is { Count: > 0 } documents) parts.Add("văn bản/document header: " + string.Join(", ", documents));
        return parts.Count == 0 ? "không đổi/unchanged" : string.Join("; ", parts);
    }

    private static void Describe(List<string> parts, string what, IdChanges ids)
    {
        if (ids.IsEmpty) return;
        var words = ids.Added.Select(id => "+" + id).Concat(ids.Removed.Select(id => "−" + id)).Concat(ids.Changed.Select(id => "~" + id));
        parts.Add($"{what} {string.Join(" ", words)}");
    }

    private static string Share(double? target) => target?.ToString(CultureInfo.InvariantCulture) ?? "mặc định/default";
}
