using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Ratings;

namespace ParSurvey.SurveyApi.Board;

/// <summary>
/// A burst of QR ratings at one counter, far above its usual rate (a poster photographed and shared, a script): at least
/// <see cref="BoardOptions.QrBurstCount"/> QR ratings within <see cref="BoardOptions.QrBurstMinutes"/>, and at least
/// <see cref="BoardOptions.QrBurstFactor"/> times the counter's usual number for that span — its QR ratings earlier
/// today (before the span) per span, averaged over the time since its first QR rating today and at least one hour.
/// A counter with no earlier QR ratings today needs only the count. One alert per span and counter.
/// Not thread-safe: <see cref="LiveBoard"/> calls it under its lock, and starts it again each day.
/// </summary>
public sealed class QrBurstRule(Func<BoardOptions> options)
{
    public const string Kind = "qr-burst";

    private sealed class CounterRecord
    {
        public readonly Queue<DateTimeOffset> Recent = new();
        public long Earlier;
        public DateTimeOffset First;
        public DateTimeOffset? LastAlert;
    }

    private readonly Dictionary<string, CounterRecord> _counters = new();

    public void Clear() => _counters.Clear();

    public BoardAlert? Check(Counter counter, Rating rating)
    {
        if (rating.Channel != Channels.Qr) return null;
        var board = options();
        var span = TimeSpan.FromMinutes(board.QrBurstMinutes);
        var at = rating.OccurredAt;
        if (!_counters.TryGetValue(counter.Id, out var record)) _counters[counter.Id] = record = new CounterRecord { First = at };
        while (record.Recent.Count > 0 && record.Recent.Peek() <= at - span)
        {
            record.Recent.Dequeue();
            record.Earlier++;
        }
        record.Recent.Enqueue(at);
        var count = record.Recent.Count;
        var observed = at - span - record.First;
        var usual = record.Earlier == 0 ? 0 : record.Earlier * span / (observed > TimeSpan.FromHours(1) ? observed : TimeSpan.FromHours(1));
        if (count < board.QrBurstCount || count < board.QrBurstFactor * usual) return null;
        if (record.LastAlert is { } last && at - last < span) return null;
        record.LastAlert = at;
        return new BoardAlert($"{Kind}:{counter.Id}:{at.ToUnixTimeSeconds()}", Kind, counter.UnitId, counter.Id,
            $"{counter.Name}: {count} đánh giá qua mã QR trong {board.QrBurstMinutes} phút, cao bất thường (thường khoảng {usual:0.#})", at);
    }
}
