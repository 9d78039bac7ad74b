using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Feedback;
using ParSurvey.SurveyApi.Satisfaction;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.PublicResults;

/// <summary>
/// Every unit's published results, from the satisfaction service (so every public number is the API's number for the
/// same scope and period) and nothing else. Computed at most once per <see cref="PublicResultsOptions.RefreshSeconds"/>
/// per unit and period, or again at once when the catalog changes; callers meanwhile get the last answer.
/// </summary>
public sealed class PublicResultsService
{
    private readonly SatisfactionService satisfaction;
    private readonly CatalogProvider catalogs;
    private readonly TimeProvider clock;
    private readonly IOptions<PublicResultsOptions> options;
    private readonly FeedbackService feedback;
    private readonly CchcPreset preset;

    public PublicResultsService(SatisfactionService satisfaction, CatalogProvider catalogs, TimeProvider clock,
        IOptions<PublicResultsOptions> options, FeedbackService feedback, CchcPreset preset, IChangeFeed changes)
    {
        this.preset = preset;
        (this.satisfaction, this.catalogs, this.clock, this.options, this.feedback) = (satisfaction, catalogs, clock, options, feedback);
        // A newly published answer shows at once rather than within five minutes, on every server sharing the store
        // (publishing is rare); after the feed reconnects, signals may have been missed: every unit page is read again.
        changes.Subscribe(signal =>
        {
            if (signal.Kind is not (ChangeKind.FeedbackPublished or ChangeKind.Resync)) return;
            foreach (var key in _entries.Keys.Where(k => k.StartsWith("unit:", StringComparison.Ordinal))) _entries.TryRemove(key, out Entry? _);
        });
    }

    /// <summary>Open-data periods anyone may ask for are cached too; past this many entries the cache starts again.</summary>
    private const int MaxEntries = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private sealed record Entry(Task<object> Value, SurveyCatalog Catalog, DateTimeOffset At)
    {
        public readonly ConcurrentDictionary<string, PublicBody> Bodies = new(StringComparer.Ordinal);
    }

    public TimeSpan RefreshInterval => TimeSpan.FromSeconds(options.Value.RefreshSeconds);

    public string Licence => options.Value.Licence;

    public SurveyCatalog Catalog => catalogs.Current;

    /// <summary>A unit's page data, or null when the catalog has no such unit.</summary>
    public async Task<(PublicUnitResults Results, Func<string, Func<PublicUnitResults, PublicBody>, PublicBody> Body)?> UnitAsync(string unitId, CancellationToken ct)
    {
        if (catalogs.Current.FindUnit(unitId) is null) return null;
        var entry = await CurrentAsync("unit:" + unitId, (catalog, token) => ComputeUnitAsync(catalog, unitId, token), ct);
        var results = (PublicUnitResults)await entry.Value;
        return (results, (key, render) => entry.Bodies.GetOrAdd(key, _ => render(results)));
    }

    /// <summary>This month's overall figure of every unit, for the list page.</summary>
    public async Task<(IReadOnlyList<(Unit Unit, int Depth, PublicFigure ThisMonth)> Units, DateTimeOffset UpdatedAt, Func<string, Func<PublicBody>, PublicBody> Body)> ListAsync(CancellationToken ct)
    {
        var entry = await CurrentAsync("list", ComputeListAsync, ct);
        var units = (IReadOnlyList<(Unit, int, PublicFigure)>)await entry.Value;
        return (units, entry.At, (key, render) => entry.Bodies.GetOrAdd(key, _ => render()));
    }

    /// <summary>The open-data figures of a unit for a period, or null when the catalog has no such unit.</summary>
    public async Task<(PublicSatisfaction Data, Func<string, Func<PublicSatisfaction, PublicBody>, PublicBody> Body)?> SatisfactionAsync(string unitId, ReportPeriod period, CancellationToken ct)
    {
        if (catalogs.Current.FindUnit(unitId) is null) return null;
        var entry = await CurrentAsync($"data:{unitId}:{period.Key}", async (catalog, token) =>
        {
            var report = await satisfaction.ComputeAsync(new SatisfactionRequest(period.From, period.To, unitId, SatisfactionGrouping.Field), token);
            var unit = catalog.FindUnit(unitId)!;
            return (object)new PublicSatisfaction(unitId, unit.Name, period.Key, period.From, period.To, report.TimeZone, report.MinSample,
                report.Confidence, PublicFigure.From(report.Overall),
                report.Rows.Select(r => new PublicFieldFigure(r.Key, r.Name, PublicFigure.From(r))).ToArray(),
                clock.GetUtcNow(), options.Value.Licence, "ParSurvey — " + catalog.Name);
        }, ct);
        var data = (PublicSatisfaction)await entry.Value;
        return (data, (key, render) => entry.Bodies.GetOrAdd(key, _ => render(data)));
    }

    /// <summary>When the entry under this key will next be computed (for the HTTP cache lifetime).</summary>
    public TimeSpan FreshFor(DateTimeOffset updatedAt) =>
        updatedAt + RefreshInterval - clock.GetUtcNow() is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

    private async Task<Entry> CurrentAsync(string key, Func<SurveyCatalog, CancellationToken, Task<object>> compute, CancellationToken ct)
    {
        while (true)
        {
            var catalog = catalogs.Current;
            var now = clock.GetUtcNow();
            if (_entries.TryGetValue(key, out var entry) && entry.Catalog == catalog && now - entry.At < RefreshInterval && !entry.Value.IsFaulted)
            {
                await entry.Value.WaitAsync(ct);
                return entry;
            }
            if (_entries.Count >= MaxEntries) _entries.Clear();
            // One computation per key at a time: whoever swaps the entry in computes; the others wait for it.
            var fresh = new Entry(compute(catalog, CancellationToken.None), catalog, now);
            var swapped = entry is null ? _entries.TryAdd(key, fresh) : _entries.TryUpdate(key, fresh, entry);
            if (!swapped) continue;
            try
            {
                await fresh.Value.WaitAsync(ct);
            }
            catch when (fresh.Value.IsFaulted)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, fresh));
                throw;
            }
            return fresh;
        }
    }

    private async Task<object> ComputeUnitAsync(SurveyCatalog catalog, string unitId, CancellationToken ct)
    {
        var unit = catalog.FindUnit(unitId)!;
        var today = VietnamTime.Today(clock);
        var months = ReportPeriod.TwelveMonthsEnding(today);
        var cchc = preset.Window(PeriodKind.CchcYear, CchcPreset.YearOf(today));
        var cchcTo = cchc.To < today ? cchc.To : today;

        var monthly = new List<SatisfactionReport>();
        foreach (var month in months)
            monthly.Add(await satisfaction.ComputeAsync(new SatisfactionRequest(month.From, month.To, unitId, SatisfactionGrouping.Field), ct));
        var yearToDate = await satisfaction.ComputeAsync(new SatisfactionRequest(cchc.From, cchcTo, unitId, SatisfactionGrouping.Field), ct);

        PublicLine Line(string code, string name, string? nameEn, Func<SatisfactionReport, SatisfactionRow?> pick)
        {
            var target = pick(yearToDate)?.Target ?? yearToDate.Overall.Target;
            PublicFigure Of(SatisfactionReport report) => pick(report) is { } row ? PublicFigure.From(row)
                : new PublicFigure(0, 0, null, null, null, target, SatisfactionStatus.Insufficient);
            return new PublicLine(code, name, nameEn, Of(monthly[^1]), Of(monthly[^2]), Of(yearToDate),
                months.Select((m, i) => new PublicMonth(m.Key, Of(monthly[i]))).ToArray());
        }

        var codes = monthly.Append(yearToDate).SelectMany(r => r.Rows).Select(r => r.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var fields = codes.Select(code =>
        {
            var field = catalog.FindField(code);
            return Line(code, field?.Name ?? code, field?.NameEn, r => r.Rows.FirstOrDefault(x => x.Key == code));
        }).ToArray();
        var parent = unit.ParentId is { } p && catalog.FindUnit(p) is { } pu ? new PublicUnitLink(pu.Id, pu.Name, pu.NameEn) : null;
        var children = catalog.ChildrenOf(unitId).OrderBy(u => u.Name, StringComparer.Ordinal).Select(u => new PublicUnitLink(u.Id, u.Name, u.NameEn)).ToArray();
        var answers = (await feedback.PublishedAsync(catalog.Subtree(unitId).Select(u => u.Id).ToArray(), 20, ct))
            .Select(a => new PublicAnswer(a.Code, catalog.FindFeedbackCategory(a.Category)?.Label ?? a.Category,
                catalog.FindFeedbackCategory(a.Category)?.LabelEn ?? a.Category, a.ReceivedAt, a.Text, a.Answer ?? "", a.AnsweredAt)).ToArray();
        return new PublicUnitResults(unitId, unit.Name, unit.NameEn, parent, children, today, months[^1], months[^2], cchc, cchcTo,
            Line("", unit.Name, unit.NameEn, r => r.Overall), fields, clock.GetUtcNow(), yearToDate.MinSample, answers,
            preset.GapNote(today.Year), preset.GapNoteEn(today.Year));
    }

    private async Task<object> ComputeListAsync(SurveyCatalog catalog, CancellationToken ct)
    {
        var month = ReportPeriod.Month(VietnamTime.Today(clock).Year, VietnamTime.Today(clock).Month);
        var list = new List<(Unit, int, PublicFigure)>();
        async Task Walk(Unit unit, int depth)
        {
            var report = await satisfaction.ComputeAsync(new SatisfactionRequest(month.From, month.To, unit.Id, SatisfactionGrouping.Field), ct);
            list.Add((unit, depth, PublicFigure.From(report.Overall)));
            foreach (var child in catalog.ChildrenOf(unit.Id).OrderBy(u => u.Name, StringComparer.Ordinal)) await Walk(child, depth + 1);
        }
        foreach (var root in catalog.Roots.OrderBy(u => u.Name, StringComparer.Ordinal)) await Walk(root, 0);
        return list;
    }
}

/// <summary>A rendered answer, kept with the data it was made from.</summary>
public sealed record PublicBody(byte[] Bytes, string ContentType, string ETag)
{
    public static PublicBody Of(string text, string contentType)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text.Normalize(System.Text.NormalizationForm.FormC));
        return new PublicBody(bytes, contentType, "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..20] + "\"");
    }
}
