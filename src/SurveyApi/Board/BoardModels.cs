using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Board;

/// <summary>What a board shows for a unit today: the whole, per counter and per field (worst first), the latest ratings, the day by hour, alerts.</summary>
/// <param name="Scales">The scales of the unit's counters and of today's ratings, with their own labels: rows count
/// levels per scale (countsByScale) and, with one scale, per score (counts) as well.</param>
/// <param name="Filtered">Repeated presses kept out of every count today ("đã lọc do bấm liên tiếp").</param>
public sealed record BoardSnapshot(
    string? UnitId,
    string UnitName,
    DateOnly Date,
    long Sequence,
    SatisfactionRow Overall,
    IReadOnlyList<RatingScale> Scales,
    long Filtered,
    IReadOnlyList<SatisfactionRow> Counters,
    IReadOnlyList<SatisfactionRow> Fields,
    IReadOnlyList<TickerEntry> Ticker,
    IReadOnlyList<long> Hourly,
    IReadOnlyList<BoardAlert> Alerts);

/// <summary>One rating on the ticker: level, counter, field, reasons, time. Never a comment or anything personal.</summary>
public sealed record TickerEntry(Guid Id, DateTimeOffset At, string CounterId, string CounterName, string FieldName, int Score,
    string Label, bool Satisfied, IReadOnlyList<string> Reasons);

/// <param name="Kind">burst: several lowest-level ratings at one counter in a short time; below: a counter or field under target with enough ratings;
/// qr-burst: QR ratings at one counter far above its usual rate (<see cref="QrBurstRule"/>).</param>
public sealed record BoardAlert(string Id, string Kind, string UnitId, string Subject, string Message, DateTimeOffset At);

/// <summary>Called by a board when there is news for it. Typed, so no method names are scattered as strings.</summary>
public interface IBoardClient
{
    Task Update(BoardSnapshot snapshot);
    Task Alert(BoardAlert alert);
}

public static class BoardGroups
{
    /// <summary>The SignalR group of a unit's board; "unit:*" is the whole city.</summary>
    public static string For(string? unitId) => "unit:" + (unitId ?? "*");
}
