using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Ratings;

namespace ParSurvey.SurveyApi.Storage;

/// <summary>
/// The storage port. Everything the product needs from a database, in its own words, with nothing of SQLite in it:
/// a PostgreSQL or MongoDB adapter is one more class that passes <c>RatingStoreContract</c> in the tests.
/// </summary>
public interface IRatingStore
{
    /// <summary>Creates or upgrades the schema. Called once at start-up, before any request is served.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the ratings as one durable unit (all or nothing) and says, per rating and in order, whether it was new,
    /// a repeat of a stored rating with the same content, or a different rating reusing a stored id, or a second rating through a one-time link (same TokenId). A rating repeated
    /// inside the list counts as stored by its first occurrence. When this returns, the new ratings survive a crash.
    /// The store applies the press filter (<see cref="PressFilter"/>): a new kiosk rating (DeviceId set) within the
    /// store's cooldown of its device's latest counted rating, taken in device time order, is stored filtered; the
    /// devices' latest counted times are kept in the store, so the rule holds across restarts. A repeat answers the
    /// stored rating's Filtered.
    /// </summary>
    Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<Rating> ratings, CancellationToken cancellationToken = default);

    Task<Rating?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Whether a rating was given through the one-time link with this id.</summary>
    Task<bool> IsTokenUsedAsync(string tokenId, CancellationToken cancellationToken = default);

    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>How often each follow-up reason was given, per field, over the local dates [from, to].</summary>
    Task<IReadOnlyList<ReasonCount>> ReasonCountsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds, CancellationToken cancellationToken = default);

    /// <summary>The comments of the local dates [from, to], oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<RatingComment>> CommentsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every rating of one local day (Asia/Ho_Chi_Minh), oldest first: what the live board starts from.</summary>
    Task<IReadOnlyList<Rating>> ListDayAsync(DateOnly localDate, CancellationToken cancellationToken = default);

    /// <summary>Counts the counted (not filtered) ratings whose local date is in [From, To], grouped by the query's dimension, scale, score and group.</summary>
    Task<IReadOnlyList<TallyCount>> TallyAsync(TallyQuery query, CancellationToken cancellationToken = default);

    /// <summary>Filtered ratings (repeated presses) of the local dates [from, to], per counter and field.</summary>
    Task<IReadOnlyList<FilteredCount>> FilteredCountsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds, CancellationToken cancellationToken = default);
}

/// <param name="Filtered">For a new rating: whether the press filter kept it out of every count; for a repeat: the stored rating's.</param>
public readonly record struct AppendResult(AppendOutcome Outcome, bool Filtered = false);

public enum AppendOutcome
{
    Created,
    Duplicate,
    Conflict,
    /// <summary>The rating came through a one-time (dossier) QR link that has given its rating already.</summary>
    TokenUsed,
}

public enum TallyDimension
{
    None,
    Counter,
    Field,
    Day,
    CounterAndField,
    DayAndField,
}

/// <param name="CounterIds">Only these counters; null for every counter.</param>
public sealed record TallyQuery(DateOnly From, DateOnly To, TallyDimension GroupBy, IReadOnlyCollection<string>? CounterIds = null);

public readonly record struct ReasonCount(string FieldCode, string Reason, long Count);

public sealed record RatingComment(DateOnly LocalDate, string CounterId, string FieldCode, string ScaleId, int Score, string Comment);

public readonly record struct FilteredCount(string CounterId, string FieldCode, long Count);

/// <summary>What a tally row is grouped by: the parts the query's <see cref="TallyDimension"/> names are set, the others null
/// (all null for <see cref="TallyDimension.None"/>).</summary>
/// <param name="Day">The local date (Asia/Ho_Chi_Minh).</param>
public readonly record struct TallyKey(string? CounterId = null, string? FieldCode = null, DateOnly? Day = null);

/// <param name="Key">The counter, field and/or local date as grouped.</param>
/// <param name="ScaleId">The scale the ratings were given on, as stored with them.</param>
/// <param name="Group">Their level's group, as stored with them.</param>
public readonly record struct TallyCount(TallyKey Key, string ScaleId, int Score, LevelGroup Group, long Count)
{
    public bool Satisfied => Group == LevelGroup.Satisfied;
}
