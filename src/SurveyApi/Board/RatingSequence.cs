using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Board;

/// <summary>
/// Follows the store's rating sequence so that each rating is applied once, none is skipped, and they come in sequence
/// order as far as commits allow. Sequences are taken before commit: a later one may be seen first (its transaction
/// committed earlier), and some are never seen (a rolled-back batch, a repeated id). So a sequence skipped over is
/// kept as <em>missing</em> and asked for again at every read until it appears (applied then) or cannot appear any
/// more: once every transaction that might hold it has ended (the snapshot's horizon passed the one noted for it) and it is
/// still absent. The horizon is noted no earlier than <see cref="Grace"/> after the gap was seen, by which time the
/// transaction that took the sequence has long had its transaction number.
/// Not thread-safe: one reader uses it.
/// </summary>
public sealed class RatingSequence
{
    /// <summary>How long a gap waits before its horizon is noted.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);
    private const int MaxMissing = 100_000;
    private long _high;
    private readonly Dictionary<long, Gap> _missing = new();

    private sealed class Gap(DateTimeOffset seenAt)
    {
        public DateTimeOffset SeenAt { get; } = seenAt;
        public long? Horizon { get; set; }
    }

    /// <summary>The newest sequence seen.</summary>
    public long High => Volatile.Read(ref _high);

    public IReadOnlyCollection<long> Missing => _missing.Keys;

    /// <summary>Starts from a day's page: its ratings are the board's start; sequences near the top that are neither of the day nor of another day are gaps.</summary>
    public IReadOnlyList<Rating> Start(RatingFeedPage day, int recentWindow, DateTimeOffset now)
    {
        _missing.Clear();
        Volatile.Write(ref _high, day.Top);
        var present = new HashSet<long>(day.OtherDays);
        foreach (var r in day.Ratings) present.Add(r.Sequence);
        for (var s = Math.Max(1, day.Top - recentWindow + 1); s <= day.Top; s++)
            if (!present.Contains(s)) _missing[s] = new Gap(now);
        return day.Ratings.Select(r => r.Rating).ToArray();
    }

    /// <summary>The page's ratings not applied yet, in sequence order; gaps that can no longer fill are forgotten.</summary>
    public IReadOnlyList<Rating> Accept(RatingFeedPage page, DateTimeOffset now)
    {
        var fresh = new List<Rating>();
        foreach (var (sequence, rating) in page.Ratings)
        {
            if (sequence > _high)
            {
                for (var s = _high + 1; s < sequence && _missing.Count < MaxMissing; s++) _missing[s] = new Gap(now);
                Volatile.Write(ref _high, sequence);
                fresh.Add(rating);
            }
            else if (_missing.Remove(sequence))
            {
                fresh.Add(rating);
            }
            // else: applied already.
        }
        List<long>? settled = null;
        foreach (var (sequence, gap) in _missing)
        {
            if (gap.Horizon is { } horizon)
            {
                if (page.FinishedBefore >= horizon) (settled ??= []).Add(sequence);
            }
            else if (now - gap.SeenAt >= Grace)
            {
                gap.Horizon = page.StartedBefore;
            }
        }
        if (settled is not null) foreach (var s in settled) _missing.Remove(s);
        return fresh;
    }
}
