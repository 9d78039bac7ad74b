using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Devices;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Storage;

/// <summary>Staff accounts. Emails are compared case-insensitively (stored lower-case).</summary>
public interface IStaffStore
{
    /// <returns>false when an account with that email exists already.</returns>
    Task<bool> CreateAsync(StaffAccount account, CancellationToken cancellationToken = default);
    Task<StaffAccount?> FindAsync(Guid id, CancellationToken cancellationToken = default);
    Task<StaffAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken = default);
    Task UpdateAsync(StaffAccount account, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts a sign-in attempt before its password is checked, in one atomic step, so concurrent attempts get distinct
    /// numbers: the attempt that reaches <paramref name="maxFailed"/> locks the account until <paramref name="lockUntil"/>.
    /// An expired lock starts the count again.
    /// </summary>
    /// <returns>This attempt's number since the last success or expired lock, and the lock now in force, if any.</returns>
    Task<(int Attempt, DateTimeOffset? LockedUntil)> CountSignInAttemptAsync(Guid id, DateTimeOffset now, int maxFailed, DateTimeOffset lockUntil,
        CancellationToken cancellationToken = default);

    /// <summary>A right password: the count and any lock are cleared; the hash is replaced when it needed rehashing.</summary>
    Task RecordSignInAsync(Guid id, string? newPasswordHash, CancellationToken cancellationToken = default);

    Task<int> CountAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Staff sessions. Every request's check reads this store (through a cache of a few seconds), so servers sharing one
/// store agree on which sessions are open.
/// </summary>
public interface ISessionStore
{
    Task CreateAsync(StaffSession session, CancellationToken cancellationToken = default);
    Task<StaffSession?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The account's open sessions, newest first.</summary>
    Task<IReadOnlyList<StaffSession>> ListOpenAsync(Guid staffId, CancellationToken cancellationToken = default);

    /// <returns>false when there is no such open session.</returns>
    Task<bool> EndAsync(Guid id, DateTimeOffset at, string by, string reason, CancellationToken cancellationToken = default);

    /// <summary>Ends every open session of the account but <paramref name="except"/>, in one statement.</summary>
    /// <returns>The sessions ended.</returns>
    Task<IReadOnlyList<Guid>> EndAllAsync(Guid staffId, Guid? except, DateTimeOffset at, string by, string reason, CancellationToken cancellationToken = default);

    Task TouchAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>
/// QR signing keys (<see cref="Security.QrKeyRing"/>). Kept in the store, which is private (0600), so that servers
/// sharing a store will share the ring; an adapter may keep them elsewhere (a vault) behind this port.
/// </summary>
public interface IQrKeyStore
{
    Task<IReadOnlyList<Security.QrSigningKey>> ListAsync(CancellationToken cancellationToken = default);
    /// <returns>false when a key with this id is stored already (another server sharing the store added it first).</returns>
    Task<bool> AddAsync(Security.QrSigningKey key, CancellationToken cancellationToken = default);

    /// <returns>false when there is no such key or it was retired already.</returns>
    Task<bool> RetireAsync(string id, DateTimeOffset at, string by, CancellationToken cancellationToken = default);
}

/// <summary>Counter poster links, each revocable on its own.</summary>
public interface IPosterStore
{
    Task AddAsync(Survey.PosterLink poster, CancellationToken cancellationToken = default);
    Task<Survey.PosterLink?> FindAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>The counter's newest poster that is not revoked.</summary>
    Task<Survey.PosterLink?> CurrentAsync(string counterId, CancellationToken cancellationToken = default);

    /// <summary>Every poster of the counters, newest first (revoked ones too).</summary>
    Task<IReadOnlyList<Survey.PosterLink>> ListAsync(IReadOnlyCollection<string> counterIds, CancellationToken cancellationToken = default);

    /// <returns>false when there is no such poster or it was revoked already.</returns>
    Task<bool> RevokeAsync(Guid id, DateTimeOffset at, string by, CancellationToken cancellationToken = default);
}

public interface IDeviceStore
{
    Task CreateAsync(Device device, CancellationToken cancellationToken = default);
    Task<Device?> FindAsync(Guid id, CancellationToken cancellationToken = default);
    Task<Device?> FindByPairingCodeHashAsync(string codeHash, CancellationToken cancellationToken = default);
    Task<Device?> FindByKeyHashAsync(string keyHash, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<Device>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Trades a waiting device's pairing code for a key, once: false when it was paired, revoked or expired meanwhile.</summary>
    Task<bool> CompletePairingAsync(Guid id, string keyHash, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <returns>false when there is no such device or it was revoked already.</returns>
    Task<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>What a kiosk's heartbeat says: seen now, this many ratings waiting in its outbox, this page version.</summary>
    Task HeartbeatAsync(Guid id, DateTimeOffset at, int pending, string? pageVersion, CancellationToken cancellationToken = default);

    /// <summary>Renames a device or moves it to another counter; false when there is no such active device.</summary>
    Task<bool> UpdateAsync(Guid id, string name, string counterId, CancellationToken cancellationToken = default);
}

public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The newest entries first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, CancellationToken cancellationToken = default);
}
