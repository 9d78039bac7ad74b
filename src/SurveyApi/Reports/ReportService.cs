using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.Analytics.Reports;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>Builds a <see cref="ReportDocument"/> from the daily roll-ups: a handful of grouped queries, whatever the number of ratings.</summary>
public sealed class ReportService(IRatingStore store, CatalogProvider catalogs, SatisfactionPolicy policy, TimeProvider clock,
    IFeedbackStore feedback)
{
    public const int MaxComments = 5000;

    public async Task<ReportDocument> BuildAsync(ReportPeriod period, string? unitId, CancellationToken ct)
    {
        var catalog = catalogs.Current;
        var counters = unitId is null ? catalog.Counters : catalog.CountersUnder(unitId);
        IReadOnlyCollection<string>? filter = unitId is null ? null : counters.Select(c => c.Id).ToArray();
        var unitName = unitId is null ? catalog.Name : catalog.FindUnit(unitId)!.Name;
        var unitTarget = unitId is null ? null : catalog.TargetOf(unitId);

        // 1. The period by counter and field: overall, per field, per unit and per counter all come from it.
        var cells = await store.TallyAsync(new TallyQuery(period.From, period.To, TallyDimension.CounterAndField, filter), ct);
        // Units on different scales (4 levels here, the 3 of Circular 01/2018 there): levels are counted per scale, in
        // each scale's own words, and only the groups add up across scales.
        var scales = catalog.ScalesFor(counters, cells.Select(c => (c.ScaleId, c.Score, c.Group)));
        var overall = new Tally();
        var byField = new Dictionary<string, Tally>();
        var byCounter = new Dictionary<string, Tally>();
        foreach (var cell in cells)
        {
            var (counter, field, _) = cell.Key;
            overall.Add(cell.ScaleId, cell.Score, cell.Group, cell.Count);
            Bucket(byField, field!).Add(cell.ScaleId, cell.Score, cell.Group, cell.Count);
            Bucket(byCounter, counter!).Add(cell.ScaleId, cell.Score, cell.Group, cell.Count);
        }
        foreach (var code in counters.SelectMany(c => c.FieldCodes)) Bucket(byField, code);

        var fieldRows = byField.Select(f => catalog.FindField(f.Key) is { } field
            ? policy.Evaluate(field.Code, field.Name, f.Value, field.Target ?? unitTarget, scales)
            : policy.Evaluate(f.Key, f.Key, f.Value, unitTarget, scales)).ToArray();

        // Units that serve citizens: every unit in scope with counters of its own, over its own counters.
        var unitRows = counters.GroupBy(c => c.UnitId).Select(g =>
        {
            var tally = new Tally();
            foreach (var c in g) if (byCounter.TryGetValue(c.Id, out var t)) tally.Add(t);
            return policy.Evaluate(g.Key, catalog.FindUnit(g.Key)?.Name ?? g.Key, tally, catalog.TargetOf(g.Key), scales);
        }).ToArray();
        var (ranked, tooFew) = ReportOrdering.Rank(unitRows);
        var counterRows = unitId is null ? [] : counters
            .Select(c => policy.Evaluate(c.Id, c.Name, byCounter.GetValueOrDefault(c.Id) ?? new Tally(), catalog.TargetOf(c.UnitId), scales))
            .ToArray();

        // 2. The previous period, for the comparison.
        var previousPeriod = period.Previous();
        var previous = new Tally();
        foreach (var cell in await store.TallyAsync(new TallyQuery(previousPeriod.From, previousPeriod.To, TallyDimension.None, filter), ct))
            previous.Add(cell.ScaleId, cell.Score, cell.Group, cell.Count);
        var current = policy.Evaluate(unitId ?? "", unitName, overall, unitTarget, scales);
        var before = policy.Evaluate(unitId ?? "", unitName, previous, unitTarget, scales);
        var summary = new ReportSummary(current, before,
            TwoProportionTest.Compare(overall.Satisfied, overall.Total, previous.Satisfied, previous.Total),
            fieldRows.Where(r => r.Status == SatisfactionStatus.Below).OrderBy(r => r.Rate).ThenBy(r => r.Key, StringComparer.Ordinal).ToArray(),
            unitRows.Where(r => r.Status == SatisfactionStatus.Below).OrderBy(r => r.Rate).ThenBy(r => r.Key, StringComparer.Ordinal).ToArray(),
            (await store.FilteredCountsAsync(period.From, period.To, filter, ct)).Sum(f => f.Count));

        // 3. Why people were unhappy, and what they wrote.
        var reasons = (await store.ReasonCountsAsync(period.From, period.To, filter, ct))
            .Select(r => new ReasonRow(r.FieldCode, catalog.FindField(r.FieldCode)?.Name ?? r.FieldCode, r.Reason,
                catalog.FindReason(r.Reason)?.Label ?? r.Reason, r.Count))
            .OrderBy(r => r.FieldName, StringComparer.Ordinal).ThenByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToArray();
        var comments = (await store.CommentsAsync(period.From, period.To, filter, MaxComments, ct))
            .Select(c =>
            {
                var counter = catalog.FindCounter(c.CounterId);
                var level = catalog.ScaleForStored(c.ScaleId, []).Level(c.Score)?.Label ?? $"Mức {c.Score}";
                return new CommentRow(c.LocalDate, counter?.Name ?? c.CounterId, catalog.FindField(c.FieldCode)?.Name ?? c.FieldCode, c.Score, level, c.Comment);
            }).ToArray();

        // 4. The last 12 months per field.
        var months = ReportPeriod.TwelveMonthsEnding(period.To);
        var trendCells = await store.TallyAsync(new TallyQuery(months[0].From, months[^1].To, TallyDimension.DayAndField, filter), ct);
        var monthly = new Dictionary<(string Field, int Year, int Month), Tally>();
        foreach (var cell in trendCells)
        {
            var day = cell.Key.Day!.Value;
            var key = (cell.Key.FieldCode!, day.Year, day.Month);
            (monthly.TryGetValue(key, out var t) ? t : monthly[key] = new Tally()).Add(cell.ScaleId, cell.Score, cell.Group, cell.Count);
        }
        var trend = fieldRows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(f => new TrendRow(f.Key, f.Name, months.Select(m =>
        {
            var t = monthly.GetValueOrDefault((f.Key, m.From.Year, m.From.Month)) ?? new Tally();
            return new TrendPoint(m.Key, t.Total, t.Satisfied, t.Total == 0 ? null : (double)t.Satisfied / t.Total);
        }).ToArray())).ToArray();

        return new ReportDocument($"Báo cáo mức độ hài lòng – {unitName} – {period.Label}", unitId, unitName,
            PeriodInfo.Of(period), PeriodInfo.Of(previousPeriod), clock.GetUtcNow(), policy.MinSample, policy.Confidence, summary, scales,
            ReportOrdering.BelowTargetFirst(fieldRows), ranked, tooFew, counterRows, reasons, comments, trend,
            await FeedbackRowsAsync(catalog, period, unitId, ct));
    }

    /// <summary>Feedback received in the period, per unit (where it was filed) and category, with a total line.</summary>
    private async Task<IReadOnlyList<FeedbackRow>> FeedbackRowsAsync(SurveyCatalog catalog, ReportPeriod period, string? unitId, CancellationToken ct)
    {
        var units = unitId is null ? null : catalog.Subtree(unitId).Select(u => u.Id).ToArray();
        var items = await feedback.ListAsync(new Feedback.FeedbackQuery(units, null, VietnamTime.StartOfDay(period.From),
            VietnamTime.StartOfDay(period.To.AddDays(1)), int.MaxValue), ct);
        var today = VietnamTime.Today(clock);
        FeedbackRow Row(string unit, string unitName, string category, string label, IReadOnlyCollection<Feedback.FeedbackItem> group)
        {
            bool Answered(Feedback.FeedbackItem i) => i.AnsweredAt is not null;
            bool OnTime(Feedback.FeedbackItem i) => i.AnsweredAt is { } a && VietnamTime.LocalDate(a) <= i.DueDate;
            bool Overdue(Feedback.FeedbackItem i) => i.AnsweredAt is { } a ? VietnamTime.LocalDate(a) > i.DueDate
                : i.Status != Feedback.FeedbackStatus.Closed && i.DueDate < today;
            return new FeedbackRow(unit, unitName, category, label, group.Count, group.Count(Answered), group.Count(OnTime), group.Count(Overdue),
                group.Count(i => i.Status == Feedback.FeedbackStatus.Published));
        }
        var rows = items.GroupBy(i => (i.UnitId, i.Category)).OrderBy(g => catalog.FindUnit(g.Key.UnitId)?.Name ?? g.Key.UnitId, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Category, StringComparer.Ordinal)
            .Select(g => Row(g.Key.UnitId, catalog.FindUnit(g.Key.UnitId)?.Name ?? g.Key.UnitId, g.Key.Category,
                catalog.FindFeedbackCategory(g.Key.Category)?.Label ?? g.Key.Category, g.ToArray()))
            .ToList();
        if (items.Count > 0) rows.Add(Row("", "Tổng cộng", "", "", items));
        return rows;
    }

    private static Tally Bucket(Dictionary<string, Tally> map, string key) => map.TryGetValue(key, out var t) ? t : map[key] = new Tally();
}
