using ParSurvey.SurveyApi.Ratings;

namespace ParSurvey.SurveyApi.Storage;

/// <summary>What changed in the store, as one server tells every server sharing it (itself included).</summary>
public enum ChangeKind
{
    /// <summary>A kiosk device was moved or renamed (<see cref="ChangeSignal.Subject"/>: its id).</summary>
    Device,
    /// <summary>A kiosk device was revoked (its id).</summary>
    DeviceRevoked,
    /// <summary>Staff sessions ended (their ids, comma-separated): sign-out, password change, disabling, an admin.</summary>
    SessionsEnded,
    /// <summary>A counter poster was revoked (its id).</summary>
    PosterRevoked,
    /// <summary>A QR signing key was added or retired.</summary>
    QrKeys,
    /// <summary>An administrator replaced the catalog.</summary>
    Catalog,
    /// <summary>Ratings were committed (the store's newest rating sequence).</summary>
    Ratings,
    /// <summary>A board alert raised outside the ratings (urgent feedback), as JSON.</summary>
    BoardAlert,
    /// <summary>A PAKN answer was published (its unit's id): public pages show it at once, on every server.</summary>
    FeedbackPublished,
    /// <summary>
    /// Not sent by anyone: the feed says it has (re)connected, so signals may have been missed meanwhile and every cache
    /// should be read again from the store.
    /// </summary>
    Resync,
    /// <summary>An administrator set the public address in the console (<see cref="ISettingsStore"/>).</summary>
    PublicAddress,
}

public sealed record ChangeSignal(ChangeKind Kind, string Subject = "");

/// <summary>
/// The change feed between servers sharing one store: PostgreSQL LISTEN/NOTIFY for the postgres provider, in-process
/// for the SQLite file (one server). A change is published after it is committed; every server's handlers hear it
/// (the publisher's too) and drop what they cached. Handlers run on the feed's thread: keep them quick and in memory.
/// </summary>
public interface IChangeFeed
{
    /// <summary>Tells every server; a failure is logged, not thrown (the change itself is committed already).</summary>
    Task PublishAsync(ChangeSignal signal, CancellationToken cancellationToken = default);

    void Subscribe(Action<ChangeSignal> handler);

    /// <summary>Whether signals from other servers reach this one now.</summary>
    bool IsListening { get; }
}

/// <summary>
/// A lock every server sharing the store respects (a PostgreSQL advisory lock; in-process for SQLite): the first
/// administrator, the first data-protection key and the report archive are made once, whichever servers start together.
/// </summary>
public interface IClusterLock
{
    /// <summary>Waits for the lock named <paramref name="name"/>; disposing the result releases it.</summary>
    Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>Whether this server can serve: its store answers (and, where servers share it, the change feed listens).</summary>
public interface IStoreHealth
{
    /// <returns>null when ready, else what is wrong (for the 503's detail; no secrets).</returns>
    Task<string?> ProblemAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// The ASP.NET Core data-protection key ring (sign-in cookies, antiforgery tokens, invitations), kept in the store so
/// that a cookie issued by one server is read by every other. Synchronous, as data protection asks for its keys.
/// </summary>
public interface IDataProtectionKeyStore
{
    IReadOnlyList<string> ListXml();

    /// <summary>Keeps one key element; <paramref name="name"/> is data protection's name for it (unique).</summary>
    void Add(string name, string xml);
}

/// <summary>
/// The catalog an administrator uploaded, in its upload format: a file in the data folder for the SQLite provider,
/// a row in the database for PostgreSQL (so every server reads the same one).
/// </summary>
public interface ICatalogStore
{
    /// <returns>null when none was uploaded.</returns>
    StoredCatalog? Load();

    /// <returns>Where it is kept, for messages.</returns>
    string Save(string json);
}

/// <param name="Source">Where it was read from, for messages (a file path, or the database).</param>
public sealed record StoredCatalog(string Json, string Source);

/// <summary>A rating with its place in the store's arrival order.</summary>
public readonly record struct SequencedRating(long Sequence, Rating Rating);

/// <summary>
/// Ratings read in one snapshot of the store, with that snapshot's transaction horizon.
/// </summary>
/// <param name="Top">The newest sequence allocated when read (committed or not).</param>
/// <param name="FinishedBefore">Every transaction numbered below this had ended when the snapshot was taken.</param>
/// <param name="StartedBefore">Every transaction numbered at or above this started after the snapshot was taken.</param>
public sealed record RatingFeedPage(IReadOnlyList<SequencedRating> Ratings, long Top, long FinishedBefore, long StartedBefore)
{
    /// <summary>For a day's page: sequences up to <see cref="Top"/> that exist but are not of that day.</summary>
    public IReadOnlyList<long> OtherDays { get; init; } = [];
}

/// <summary>
/// The store's rating sequence, for servers sharing one store: a server's board follows it, so a rating acknowledged
/// by any server reaches boards on every server. Sequences are allocated before commit, so a later one can be seen
/// before an earlier one commits (or an earlier one never commits): see <c>Board/RatingSequence</c>.
/// </summary>
public interface IRatingFeed
{
    /// <summary>The day's ratings up to the newest sequence allocated, and the other sequences near the top (to tell gaps from other days).</summary>
    Task<RatingFeedPage> ReadDayAsync(DateOnly localDate, int recentWindow, CancellationToken cancellationToken = default);

    /// <summary>Ratings after <paramref name="after"/> (at most <paramref name="limit"/>) and those of <paramref name="missing"/> that exist now, by sequence.</summary>
    Task<RatingFeedPage> ReadAfterAsync(long after, IReadOnlyCollection<long> missing, int limit, CancellationToken cancellationToken = default);
}
