using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Catalog;

/// <summary>One unit, counter or field whose existing ratings a catalog change touches.</summary>
/// <param name="Change"><c>removed</c>, or <c>scale</c> when the scale its ratings were given on changes.</param>
/// <param name="Kind"><c>unit</c>, <c>counter</c> or <c>field</c>.</param>
public sealed record AffectedItem(string Change, string Kind, string Id, long Ratings, string? From = null, string? To = null);

/// <summary>How many stored ratings a catalog change touches (each counted once) and through which items.</summary>
public sealed record CatalogImpact(long Ratings, IReadOnlyList<AffectedItem> Items)
{
    public static CatalogImpact None { get; } = new(0, []);

    /// <summary>
    /// Removing a unit, counter or field, or changing the scale a counter's ratings were given on, needs confirmation
    /// when ratings exist there. Counts come from the store's daily roll-ups, over all time.
    /// </summary>
    public static async Task<CatalogImpact> MeasureAsync(SurveyCatalog before, CatalogChanges changes, IRatingStore store, CancellationToken ct)
    {
        var scaleOfCounter = changes.ScaleChanges.Where(c => c.Kind == "counter").ToDictionary(c => c.Id);
        var scaleOfUnit = changes.ScaleChanges.Where(c => c.Kind == "unit").ToDictionary(c => c.Id);
        if (changes.Units.Removed.Count + changes.Counters.Removed.Count + changes.Fields.Removed.Count + scaleOfCounter.Count == 0) return None;

        var counts = (await store.TallyAsync(new TallyQuery(DateOnly.MinValue, DateOnly.MaxValue, TallyDimension.CounterAndField), ct))
            .GroupBy(t => t.Key).Select(g => (Counter: g.Key.CounterId!, Field: g.Key.FieldCode!, Count: g.Sum(t => t.Count))).ToArray();
        string? UnitOf(string counter) => before.FindCounter(counter)?.UnitId;

        var items = new List<AffectedItem>();
        var touched = new HashSet<(string, string)>();
        void Add(string change, string kind, string id, Func<(string Counter, string Field, long Count), bool> matches, ScaleChange? scale = null)
        {
            var rows = counts.Where(matches).ToArray();
            var total = rows.Sum(r => r.Count);
            if (total == 0) return;
            items.Add(new(change, kind, id, total, scale?.From, scale?.To));
            touched.UnionWith(rows.Select(r => (r.Counter, r.Field)));
        }

        foreach (var id in changes.Units.Removed) Add("removed", "unit", id, r => UnitOf(r.Counter) == id);
        foreach (var id in changes.Counters.Removed) Add("removed", "counter", id, r => r.Counter == id);
        foreach (var code in changes.Fields.Removed) Add("removed", "field", code, r => r.Field == code);
        foreach (var (id, change) in scaleOfUnit)
            Add("scale", "unit", id, r => UnitOf(r.Counter) == id && scaleOfCounter.ContainsKey(r.Counter), change);
        foreach (var (id, change) in scaleOfCounter) Add("scale", "counter", id, r => r.Counter == id, change);
        return new(counts.Where(r => touched.Contains((r.Counter, r.Field))).Sum(r => r.Count), items);
    }
}
