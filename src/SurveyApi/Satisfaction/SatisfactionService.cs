using System.Globalization;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Satisfaction;

public enum SatisfactionGrouping
{
    Field,
    Counter,
    Unit,
    Day,
}

/// <param name="UnitId">The unit whose subtree is counted; null for every unit.</param>
public sealed record SatisfactionRequest(DateOnly From, DateOnly To, string? UnitId, SatisfactionGrouping GroupBy);

public sealed record SatisfactionReport(
    DateOnly From,
    DateOnly To,
    string? UnitId,
    string UnitName,
    SatisfactionGrouping GroupBy,
    string TimeZone,
    int MinSample,
    double Confidence,
    IReadOnlyList<RatingScale> Scales,
    SatisfactionRow Overall,
    IReadOnlyList<SatisfactionRow> Rows);

/// <summary>Reads tallies from the store and judges them with the analytics policy, naming rows from the catalog.</summary>
public sealed class SatisfactionService(IRatingStore store, CatalogProvider catalogs, SatisfactionPolicy policy)
{

    public async Task<SatisfactionReport> ComputeAsync(SatisfactionRequest request, CancellationToken ct)
    {
        var catalog = catalogs.Current; // one catalog for the whole computation, even if an admin replaces it meanwhile
        var scope = request.UnitId is null ? catalog.Counters : catalog.CountersUnder(request.UnitId);
        var dimension = request.GroupBy switch
        {
            SatisfactionGrouping.Field => TallyDimension.Field,
            SatisfactionGrouping.Day => TallyDimension.Day,
            _ => TallyDimension.Counter,
        };
        var counts = await store.TallyAsync(
            new TallyQuery(request.From, request.To, dimension, request.UnitId is null ? null : scope.Select(c => c.Id).ToArray()), ct);

        // The scales of the scope's counters and of its ratings: levels are listed per scale, never added across scales.
        var levels = catalog.ScalesFor(scope, counts.Select(c => (c.ScaleId, c.Score, c.Group)));
        var scopeTarget = request.UnitId is null ? null : catalog.TargetOf(request.UnitId);

        var unitRows = request.GroupBy == SatisfactionGrouping.Unit ? UnitRows(catalog, request.UnitId).Select(u => u.Id).ToHashSet() : [];
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var overall = new Tally();
        foreach (var count in counts)
        {
            var key = request.GroupBy == SatisfactionGrouping.Unit ? UnitRowOf(catalog, unitRows, count.Key.CounterId!) : RowKeyOf(count.Key);
            if (key is null) continue;
            (tallies.TryGetValue(key, out var tally) ? tally : tallies[key] = new Tally()).Add(count.ScaleId, count.Score, count.Group, count.Count);
            overall.Add(count.ScaleId, count.Score, count.Group, count.Count);
        }

        var rows = Keys(catalog, request, scope, tallies.Keys)
            .Select(key => policy.Evaluate(key.Key, key.Name, tallies.GetValueOrDefault(key.Key) ?? new Tally(), key.Target ?? scopeTarget, levels))
            .ToArray();
        var unitName = request.UnitId is null ? catalog.Name : catalog.FindUnit(request.UnitId)!.Name;
        return new SatisfactionReport(request.From, request.To, request.UnitId, unitName, request.GroupBy, VietnamTime.Zone.Id,
            policy.MinSample, policy.Confidence, levels, policy.Evaluate(request.UnitId ?? "", unitName, overall, scopeTarget, levels), rows);
    }

    private static IEnumerable<(string Key, string Name, double? Target)> Keys(SurveyCatalog catalog, SatisfactionRequest request, IReadOnlyList<Counter> scope, IEnumerable<string> seen)
    {
        switch (request.GroupBy)
        {
            case SatisfactionGrouping.Field:
                var codes = scope.SelectMany(c => c.FieldCodes).Concat(seen).ToHashSet();
                return codes.Order(StringComparer.Ordinal)
                    .Select(code => catalog.FindField(code) is { } f ? (f.Code, f.Name, f.Target) : (code, code, (double?)null));
            case SatisfactionGrouping.Counter:
                return scope.Select(c => c.Id).Concat(seen).Distinct().Order(StringComparer.Ordinal)
                    .Select(id => catalog.FindCounter(id) is { } c ? (c.Id, c.Name, catalog.TargetOf(c.UnitId)) : (id, id, (double?)null));
            case SatisfactionGrouping.Unit:
                return UnitRows(catalog, request.UnitId).Select(u => (u.Id, u.Name, catalog.TargetOf(u.Id)));
            default:
                var days = new List<(string, string, double?)>();
                for (var d = request.From; d <= request.To; d = d.AddDays(1))
                    days.Add((DayKey(d), d.ToString("dd/MM/yyyy"), null));
                return days;
        }
    }

    /// <summary>A row's key in the answer: the field code, the counter id or the local date (yyyy-MM-dd), as grouped.</summary>
    private static string RowKeyOf(TallyKey key) => key.Day is { } day ? DayKey(day) : key.FieldCode ?? key.CounterId!;

    private static string DayKey(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Rows of a unit breakdown: the unit's children (each with its subtree), and the unit itself for its own counters.</summary>
    private static IEnumerable<Unit> UnitRows(SurveyCatalog catalog, string? unitId)
    {
        var parent = unitId ?? (catalog.Roots.Count == 1 ? catalog.Roots[0].Id : null);
        if (parent is null) return catalog.Roots;
        var rows = catalog.ChildrenOf(parent).OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
        if (catalog.Counters.Any(c => c.UnitId == parent)) rows.Insert(0, catalog.FindUnit(parent)!);
        return rows;
    }

    private static string? UnitRowOf(SurveyCatalog catalog, HashSet<string> rowIds, string counterId)
    {
        if (catalog.FindCounter(counterId) is not { } counter) return null;
        for (var unit = catalog.FindUnit(counter.UnitId); unit is not null; unit = unit.ParentId is null ? null : catalog.FindUnit(unit.ParentId))
        {
            if (rowIds.Contains(unit.Id)) return unit.Id;
        }
        return null;
    }
}
