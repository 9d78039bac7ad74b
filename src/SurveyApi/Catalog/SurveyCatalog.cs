using System.Collections.Frozen;
using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Catalog;

/// <summary>Who and what is rated: units, counters, fields, scales and reasons. Immutable once loaded.</summary>
public sealed class SurveyCatalog
{
    private readonly FrozenDictionary<string, Unit> _units;
    private readonly FrozenDictionary<string, Counter> _counters;
    private readonly FrozenDictionary<string, Field> _fields;
    private readonly FrozenDictionary<string, RatingScale> _scales;
    private readonly FrozenDictionary<string, Reason> _reasons;
    private readonly FrozenDictionary<string, Unit[]> _children;

    /// <param name="file">The checked, normalised file: kept as it is, so GET /api/admin/catalog answers exactly what was given.</param>
    public SurveyCatalog(CatalogFile file, RatingScale defaultScale, IEnumerable<RatingScale> scales)
    {
        File = file;
        Name = file.Name ?? "ParSurvey";
        IsDemo = file.Demo;
        DefaultScale = defaultScale;
        Units = file.Units ?? [];
        Counters = file.Counters ?? [];
        Fields = file.Fields ?? [];
        Reasons = file.Reasons ?? [];
        _units = Units.ToFrozenDictionary(u => u.Id);
        _counters = Counters.ToFrozenDictionary(c => c.Id);
        _fields = Fields.ToFrozenDictionary(f => f.Code);
        _reasons = Reasons.ToFrozenDictionary(r => r.Code);
        _scales = scales.ToFrozenDictionary(s => s.Id);
        _children = Units.Where(u => u.ParentId is not null).GroupBy(u => u.ParentId!)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray());
        Roots = Units.Where(u => u.ParentId is null).ToArray();
    }

    /// <summary>The catalog in the upload format (<see cref="CatalogJson"/>).</summary>
    public CatalogFile File { get; }
    public string Name { get; }
    public bool IsDemo { get; }
    public RatingScale DefaultScale { get; }
    public IReadOnlyList<Unit> Units { get; }
    public IReadOnlyList<Unit> Roots { get; }
    public IReadOnlyList<Counter> Counters { get; }
    public IReadOnlyList<Field> Fields { get; }
    public IReadOnlyList<Reason> Reasons { get; }
    public IReadOnlyList<FeedbackCategory> FeedbackCategories => File.FeedbackCategories is { Count: > 0 } own ? own : FeedbackCategory.Defaults;
    public FeedbackCategory? FindFeedbackCategory(string code) => FeedbackCategories.FirstOrDefault(c => c.Code == code);
    public IEnumerable<RatingScale> Scales => _scales.Values;

    public Unit? FindUnit(string id) => _units.GetValueOrDefault(id);
    public Counter? FindCounter(string id) => _counters.GetValueOrDefault(id);
    public Field? FindField(string code) => _fields.GetValueOrDefault(code);
    public Reason? FindReason(string code) => _reasons.GetValueOrDefault(code);
    public RatingScale? FindScale(string id) => _scales.GetValueOrDefault(id);

    /// <summary>
    /// The scale ratings were given on, by the id stored with them: this catalog's definition (for today's labels), else a
    /// built-in one, else "Mức n" labels for the scores seen. The group each rating counts in is its own, never this.
    /// </summary>
    public RatingScale ScaleForStored(string scaleId, IEnumerable<(int Score, LevelGroup Group)> seen) =>
        FindScale(scaleId) ?? RatingScale.BuiltIn.FirstOrDefault(s => s.Id == scaleId) ?? RatingScale.Unknown(scaleId, seen);

    public IReadOnlyList<Unit> ChildrenOf(string unitId) => _children.GetValueOrDefault(unitId) ?? [];

    /// <summary>The unit and every unit below it.</summary>
    public IEnumerable<Unit> Subtree(string unitId)
    {
        if (FindUnit(unitId) is not { } root) yield break;
        var stack = new Stack<Unit>([root]);
        while (stack.TryPop(out var unit))
        {
            yield return unit;
            foreach (var child in ChildrenOf(unit.Id)) stack.Push(child);
        }
    }

    public IReadOnlyList<Counter> CountersUnder(string unitId)
    {
        var ids = Subtree(unitId).Select(u => u.Id).ToHashSet();
        return Counters.Where(c => ids.Contains(c.UnitId)).ToArray();
    }

    /// <summary>
    /// The scales a scope shows, by id: those its ratings were given on, else (no ratings yet) those of its counters
    /// today. One scale: the scope looks as it always did; several: levels are shown per scale and only the groups add
    /// up. Today's counters do not add a scale to a scope that has ratings, so a scale changed later (confirmed in
    /// PUT /api/admin/catalog) leaves a past period's report exactly as it was.
    /// </summary>
    public IReadOnlyList<RatingScale> ScalesFor(IEnumerable<Counter> counters, IEnumerable<(string ScaleId, int Score, LevelGroup Group)> rated)
    {
        var seen = rated.GroupBy(r => r.ScaleId).ToDictionary(g => g.Key, g => g.Select(r => (r.Score, r.Group)).ToArray());
        var ids = (seen.Count > 0 ? seen.Keys : counters.Select(c => ScaleOf(c.UnitId).Id)).Distinct().Order(StringComparer.Ordinal).ToArray();
        return ids.Length == 0 ? [DefaultScale] : ids.Select(id => ScaleForStored(id, seen.GetValueOrDefault(id) ?? [])).ToArray();
    }

    /// <summary>The rating scale of a unit's counters: its own, else the nearest ancestor's, else the default.</summary>
    public RatingScale ScaleOf(string unitId) =>
        NearestWith(unitId, u => u.Scale is not null)?.Scale is { } id ? _scales[id] : DefaultScale;

    /// <summary>The unit's satisfaction target: its own, else the nearest ancestor's; null means the default.</summary>
    public double? TargetOf(string unitId) => NearestWith(unitId, u => u.Target is not null)?.Target;

    private Unit? NearestWith(string unitId, Func<Unit, bool> has)
    {
        for (var unit = FindUnit(unitId); unit is not null; unit = unit.ParentId is null ? null : FindUnit(unit.ParentId))
        {
            if (has(unit)) return unit;
        }
        return null;
    }
}
