using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Board;

/// <summary>
/// Today's tallies in memory, fed by every durable rating: what the wall boards show, and the alert rules. Ratings are
/// counted by the scale and group stored with them; filtered presses only by how many there were.
/// It knows nothing of SignalR; <see cref="BoardBroadcaster"/> asks it what changed and sends that on.
/// </summary>
public sealed class LiveBoard(CatalogProvider catalogs, SatisfactionPolicy policy, IOptions<BoardOptions> options, TimeProvider clock)
    : IRatingObserver
{
    private const int TickerKeep = 500;
    private readonly object _gate = new();
    private DateOnly _day = VietnamTime.Today(clock);
    private long _sequence;
    private readonly Dictionary<(string Counter, string Field), Tally> _tallies = new();
    private readonly Dictionary<string, long> _filtered = new();
    // The group each (scale, score) was stored with today: names levels of a scale no catalog defines any more.
    private readonly Dictionary<(string Scale, int Score), LevelGroup> _levelsSeen = new();
    private readonly Dictionary<string, long[]> _hourly = new();
    private readonly List<(Rating Rating, string Unit)> _ticker = [];
    private readonly Dictionary<string, Queue<DateTimeOffset>> _lowest = new();
    private readonly Dictionary<string, DateTimeOffset> _lastBurst = new();
    private readonly HashSet<string> _belowAlerted = [];
    private readonly List<BoardAlert> _alerts = [];
    private readonly HashSet<string?> _dirty = [];
    private readonly List<BoardAlert> _newAlerts = [];
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly QrBurstRule _qrBursts = new(() => options.Value);

    /// <summary>Completes when something changed since the last <see cref="TakeChanges"/> (at once if it already has).</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken) => _changed.WaitAsync(cancellationToken);

    private readonly Dictionary<string, (long Total, long Satisfied)> _counterTotals = new();
    private Dictionary<string, string[]> _countersByUnit = new();
    private SurveyCatalog? _countersByUnitOf;

    /// <summary>Starts the day from what the store holds, so a restarted server shows the same numbers.</summary>
    public void Load(IEnumerable<Rating> today)
    {
        lock (_gate)
        {
            foreach (var rating in today) if (rating.LocalDate == _day) Apply(rating);
            _newAlerts.Clear();
        }
    }

    public void Observe(IReadOnlyList<Rating> created)
    {
        lock (_gate)
        {
            RollOver();
            foreach (var rating in created) if (rating.LocalDate == _day) Apply(rating);
        }
    }

    /// <summary>The units whose boards changed (null: the whole city) and the alerts raised since the last call.</summary>
    public (IReadOnlyList<string?> Units, IReadOnlyList<BoardAlert> Alerts) TakeChanges()
    {
        lock (_gate)
        {
            RollOver();
            var changes = (_dirty.ToArray(), _newAlerts.ToArray());
            _dirty.Clear();
            _newAlerts.Clear();
            return changes;
        }
    }

    public BoardSnapshot Snapshot(string? unitId)
    {
        var catalog = catalogs.Current;
        lock (_gate)
        {
            RollOver();
            var units = unitId is null ? catalog.Units.Select(u => u.Id).ToHashSet() : catalog.Subtree(unitId).Select(u => u.Id).ToHashSet();
            var counters = catalog.Counters.Where(c => units.Contains(c.UnitId)).ToArray();
            var counterIds = counters.Select(c => c.Id).ToHashSet();
            var unitTarget = unitId is null ? null : catalog.TargetOf(unitId);

            var overall = new Tally();
            var byCounter = counters.ToDictionary(c => c.Id, _ => new Tally());
            var byField = new Dictionary<string, Tally>();
            foreach (var ((counter, field), tally) in _tallies)
            {
                if (!counterIds.Contains(counter)) continue;
                overall.Add(tally);
                byCounter[counter].Add(tally);
                (byField.TryGetValue(field, out var f) ? f : byField[field] = new Tally()).Add(tally);
            }
            foreach (var code in counters.SelectMany(c => c.FieldCodes)) byField.TryAdd(code, new Tally());
            var scores = catalog.ScalesFor(counters, _levelsSeen.Where(l => overall.CountOf(l.Key.Scale, l.Key.Score) > 0)
                .Select(l => (l.Key.Scale, l.Key.Score, l.Value)));
            var filtered = counterIds.Sum(c => _filtered.GetValueOrDefault(c));

            var hourly = new long[24];
            foreach (var counter in counterIds)
                if (_hourly.TryGetValue(counter, out var hours)) for (var h = 0; h < 24; h++) hourly[h] += hours[h];

            var several = BoardNames.SpansSeveralUnits(counters);
            var ticker = _ticker.Where(t => counterIds.Contains(t.Rating.CounterId)).TakeLast(options.Value.TickerSize).Reverse()
                .Select(t =>
                {
                    var entry = Entry(catalog, t.Rating);
                    return entry with { CounterName = BoardNames.WithUnit(catalog, several, t.Unit, entry.CounterName) };
                }).ToArray();
            var alerts = _alerts.Where(a => units.Contains(a.UnitId)).Reverse().Select(a => Named(catalog, several, a)).ToArray();
            var name = unitId is null ? BoardNames.CityTitle(catalog) : catalog.FindUnit(unitId)?.Name ?? unitId;

            return new BoardSnapshot(unitId, name, _day, _sequence,
                policy.Evaluate(unitId ?? "", name, overall, unitTarget, scores),
                scores,
                filtered,
                WorstFirst(counters.Select(c => policy.Evaluate(c.Id, BoardNames.WithUnit(catalog, several, c.UnitId, c.Name), byCounter[c.Id], catalog.TargetOf(c.UnitId), scores))),
                WorstFirst(byField.Select(f => catalog.FindField(f.Key) is { } field
                    ? policy.Evaluate(field.Code, field.Name, f.Value, field.Target ?? unitTarget, scores)
                    : policy.Evaluate(f.Key, f.Key, f.Value, unitTarget, scores))),
                ticker, hourly, alerts);
        }
    }

    /// <summary>An alert as the board of <paramref name="unitId"/> shows it: with the unit's short name when that board spans several units.</summary>
    public BoardAlert ForBoard(string? unitId, BoardAlert alert)
    {
        var catalog = catalogs.Current;
        var counters = unitId is null ? catalog.Counters : catalog.CountersUnder(unitId);
        return Named(catalog, BoardNames.SpansSeveralUnits(counters), alert);
    }

    private static BoardAlert Named(SurveyCatalog catalog, bool severalUnits, BoardAlert alert) =>
        alert with { Message = BoardNames.WithUnit(catalog, severalUnits, alert.UnitId, alert.Message) };

    /// <summary>Below target first, then by rate, lowest first; groups with no ratings last.</summary>
    private static SatisfactionRow[] WorstFirst(IEnumerable<SatisfactionRow> rows) => rows
        .OrderBy(r => r.Status == SatisfactionStatus.Below ? 0 : 1)
        .ThenBy(r => r.Rate ?? double.MaxValue)
        .ThenBy(r => r.Key, StringComparer.Ordinal)
        .ToArray();

    private void Apply(Rating rating)
    {
        var catalog = catalogs.Current;
        _sequence++;
        if (rating.Filtered)
        {
            // A repeated press: shown apart as a count, in no rate, tally, ticker or alert.
            _filtered[rating.CounterId] = _filtered.GetValueOrDefault(rating.CounterId) + 1;
            MarkDirty(catalog, catalog.FindCounter(rating.CounterId)?.UnitId ?? rating.UnitId);
            return;
        }
        var key = (rating.CounterId, rating.FieldCode);
        (_tallies.TryGetValue(key, out var tally) ? tally : _tallies[key] = new Tally()).Add(rating.ScaleId, rating.Score, rating.Group);
        _levelsSeen[(rating.ScaleId, rating.Score)] = rating.Group;
        var (total, satisfied) = _counterTotals.GetValueOrDefault(rating.CounterId);
        _counterTotals[rating.CounterId] = (total + 1, satisfied + (rating.Satisfied ? 1 : 0));
        var hour = VietnamTime.ToLocal(rating.OccurredAt).Hour;
        (_hourly.TryGetValue(rating.CounterId, out var hours) ? hours : _hourly[rating.CounterId] = new long[24])[hour]++;
        _ticker.Add((rating, rating.UnitId));
        // Trimmed in steps of TickerKeep: dropping the oldest entry at every rating moved the whole list each time.
        if (_ticker.Count >= 2 * TickerKeep) _ticker.RemoveRange(0, TickerKeep);

        var counter = catalog.FindCounter(rating.CounterId);
        var unitId = counter?.UnitId ?? rating.UnitId;
        MarkDirty(catalog, unitId);
        if (counter is null) return;
        CheckBurst(catalog, counter, rating);
        if (_qrBursts.Check(counter, rating) is { } qrBurst) Raise(qrBurst);
        CheckBelow(catalog, counter, rating);
    }

    private void CheckBurst(SurveyCatalog catalog, Counter counter, Rating rating)
    {
        var board = options.Value;
        var scale = ScaleOf(catalog, rating);
        if (rating.Score != scale.MinScore) return;
        var window = TimeSpan.FromMinutes(board.BurstMinutes);
        var times = _lowest.TryGetValue(counter.Id, out var q) ? q : _lowest[counter.Id] = new Queue<DateTimeOffset>();
        times.Enqueue(rating.OccurredAt);
        while (times.Count > 0 && times.Peek() <= rating.OccurredAt - window) times.Dequeue();
        if (times.Count < board.BurstCount) return;
        // One alert per burst: the next needs a fresh window after this one.
        if (_lastBurst.TryGetValue(counter.Id, out var last) && rating.OccurredAt - last < window) return;
        _lastBurst[counter.Id] = rating.OccurredAt;
        var label = scale.Level(rating.Score)?.Label ?? rating.Score.ToString();
        Raise(new BoardAlert($"burst:{counter.Id}:{rating.OccurredAt.ToUnixTimeSeconds()}", "burst", counter.UnitId, counter.Id,
            $"{counter.Name}: {times.Count} đánh giá \"{label}\" trong {board.BurstMinutes} phút", rating.OccurredAt));
    }

    // Checked for every rating, so it reads running totals rather than building tallies and intervals: the status alone
    // decides an alert.
    private void CheckBelow(SurveyCatalog catalog, Counter counter, Rating rating)
    {
        var unitTarget = catalog.TargetOf(counter.UnitId) ?? policy.DefaultTarget;
        var (counterTotal, counterSatisfied) = _counterTotals[counter.Id];
        if (policy.StatusOf(counterTotal, counterSatisfied, unitTarget) == SatisfactionStatus.Below &&
            _belowAlerted.Add("counter:" + counter.Id))
            Raise(new BoardAlert($"below:counter:{counter.Id}", "below", counter.UnitId, counter.Id,
                $"{counter.Name}: tỷ lệ hài lòng hôm nay dưới chỉ tiêu", rating.OccurredAt));
        var field = catalog.FindField(rating.FieldCode);
        if (field is null) return;
        long fieldTotal = 0, fieldSatisfied = 0;
        foreach (var unitCounter in CountersOf(catalog, counter.UnitId))
        {
            if (!_tallies.TryGetValue((unitCounter, field.Code), out var tally)) continue;
            fieldTotal += tally.Total;
            fieldSatisfied += tally.Satisfied;
        }
        if (policy.StatusOf(fieldTotal, fieldSatisfied, field.Target ?? unitTarget) == SatisfactionStatus.Below &&
            _belowAlerted.Add($"field:{counter.UnitId}:{field.Code}"))
            Raise(new BoardAlert($"below:field:{counter.UnitId}:{field.Code}", "below", counter.UnitId, field.Code,
                $"Lĩnh vực {field.Name}: tỷ lệ hài lòng hôm nay dưới chỉ tiêu", rating.OccurredAt));
    }

    /// <summary>The ids of a unit's own counters in this catalog, worked out once per catalog.</summary>
    private string[] CountersOf(SurveyCatalog catalog, string unitId)
    {
        if (!ReferenceEquals(catalog, _countersByUnitOf))
        {
            _countersByUnit = catalog.Counters.GroupBy(c => c.UnitId).ToDictionary(g => g.Key, g => g.Select(c => c.Id).ToArray());
            _countersByUnitOf = catalog;
        }
        return _countersByUnit.GetValueOrDefault(unitId) ?? [];
    }

    /// <summary>
    /// An alert from outside the ratings (citizens' feedback: an urgent complaint, an overdue answer), shown on the
    /// boards of its unit and every unit above it, once per id and day.
    /// </summary>
    public void RaiseAlert(BoardAlert alert)
    {
        if (ShowAlert(alert)) AlertRaised?.Invoke(alert);
    }

    /// <summary>Told of each alert raised here from outside the ratings, so servers sharing the store show it too (<see cref="BoardFeed"/>).</summary>
    public event Action<BoardAlert>? AlertRaised;

    /// <summary>Shows an alert from outside the ratings that another server raised; false when it is shown already.</summary>
    public bool ShowAlert(BoardAlert alert)
    {
        lock (_gate)
        {
            RollOver();
            if (_alerts.Any(a => a.Id == alert.Id)) return false;
            Raise(alert);
            MarkDirty(catalogs.Current, alert.UnitId);
            return true;
        }
    }

    private void Raise(BoardAlert alert)
    {
        _alerts.Add(alert);
        _newAlerts.Add(alert);
    }

    private void MarkDirty(SurveyCatalog catalog, string unitId)
    {
        Signal();
        _dirty.Add(null);
        for (var unit = catalog.FindUnit(unitId); unit is not null; unit = unit.ParentId is null ? null : catalog.FindUnit(unit.ParentId))
            _dirty.Add(unit.Id);
    }

    private void RollOver()
    {
        var today = VietnamTime.Today(clock);
        if (today == _day) return;
        _day = today;
        _tallies.Clear();
        _filtered.Clear();
        _levelsSeen.Clear();
        _counterTotals.Clear();
        _hourly.Clear();
        _ticker.Clear();
        _lowest.Clear();
        _lastBurst.Clear();
        _qrBursts.Clear();
        _belowAlerted.Clear();
        _alerts.Clear();
        _dirty.Add(null);
        foreach (var unit in catalogs.Current.Units) _dirty.Add(unit.Id);
        Signal();
    }

    private void Signal()
    {
        if (_changed.CurrentCount == 0)
        {
            try { _changed.Release(); } catch (SemaphoreFullException) { } // already signalled by another path
        }
    }

    /// <summary>The scale the rating was given on (its words from today's catalog where it still defines it).</summary>
    private static RatingScale ScaleOf(SurveyCatalog catalog, Rating r) => catalog.ScaleForStored(r.ScaleId, [(r.Score, r.Group)]);

    private static TickerEntry Entry(SurveyCatalog catalog, Rating r)
    {
        var counter = catalog.FindCounter(r.CounterId);
        var scale = ScaleOf(catalog, r);
        return new TickerEntry(r.Id, r.OccurredAt, r.CounterId, counter?.Name ?? r.CounterId, catalog.FindField(r.FieldCode)?.Name ?? r.FieldCode,
            r.Score, scale.Level(r.Score)?.Label ?? r.Score.ToString(), r.Satisfied,
            r.Reasons.Select(code => catalog.FindReason(code)?.Label ?? code).ToArray());
    }
}
