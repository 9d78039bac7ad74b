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
    Task<int> CountAsync(CancellationToken cancellationToken = default);
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
