using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Devices;

public sealed record ActiveDevice(Guid Id, string CounterId, string UnitId);

public sealed record NewDevice(Device Device, string PairingCode);

public sealed record PairedDevice(Device Device, string DeviceKey, string UnitId);

/// <summary>
/// Creates, pairs, checks and revokes kiosk devices. Keys are checked on every rating, so the check is cached in memory;
/// a revocation or a move clears it at once on every server (through the change feed), and an entry is read again from
/// the store after <see cref="CacheLife"/> in case a signal was lost.
/// </summary>
public sealed class DeviceService
{
    private static readonly TimeSpan CacheLife = TimeSpan.FromMinutes(1);
    private readonly IDeviceStore store;
    private readonly CatalogProvider catalog;
    private readonly AuditTrail audit;
    private readonly TimeProvider clock;
    private readonly IOptions<SecurityOptions> options;
    private readonly IChangeFeed changes;
    private readonly ConcurrentDictionary<string, (ActiveDevice Device, DateTimeOffset CachedAt)> _byKeyHash = new();
    // Checked on every hit too, so a lookup racing a revocation cannot put a revoked device back in the cache.
    private readonly ConcurrentDictionary<Guid, bool> _revoked = new();

    public DeviceService(IDeviceStore store, CatalogProvider catalog, AuditTrail audit, TimeProvider clock, IOptions<SecurityOptions> options,
        IChangeFeed changes)
    {
        this.store = store;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
        this.options = options;
        this.changes = changes;
        changes.Subscribe(OnChange);
    }

    private void OnChange(ChangeSignal signal)
    {
        switch (signal.Kind)
        {
            case ChangeKind.DeviceRevoked when Guid.TryParse(signal.Subject, out var id):
                _revoked[id] = true;
                Forget(id);
                break;
            case ChangeKind.Device when Guid.TryParse(signal.Subject, out var id):
                Forget(id);
                break;
            case ChangeKind.Resync or ChangeKind.Catalog:
                _byKeyHash.Clear();
                break;
        }
    }

    private void Forget(Guid id)
    {
        foreach (var entry in _byKeyHash.Where(e => e.Value.Device.Id == id)) _byKeyHash.TryRemove(entry.Key, out _);
    }

    public async Task<NewDevice> CreateAsync(string counterId, string name, string actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var code = Secrets.NewPairingCode();
        var device = new Device(Guid.NewGuid(), counterId, name, Secrets.Hash(Secrets.NormalisePairingCode(code)),
            now.AddHours(options.Value.PairingCodeHours), null, now, actor, null, null);
        await store.CreateAsync(device, ct);
        await audit.RecordAsync(actor, "device.create", $"device:{device.Id}", $"counter {counterId}, name {name}", ct);
        return new NewDevice(device, code);
    }

    /// <returns>null when the code is unknown, used or expired.</returns>
    public async Task<PairedDevice?> PairAsync(string pairingCode, CancellationToken ct)
    {
        var device = await store.FindByPairingCodeHashAsync(Secrets.Hash(Secrets.NormalisePairingCode(pairingCode)), ct);
        if (device is null || catalog.Current.FindCounter(device.CounterId) is not { } counter) return null;
        var key = Secrets.NewDeviceKey();
        var now = clock.GetUtcNow();
        if (!await store.CompletePairingAsync(device.Id, Secrets.Hash(key), now, ct)) return null;
        await audit.RecordAsync($"device:{device.Id}", "device.pair", $"device:{device.Id}", $"counter {device.CounterId}", ct);
        return new PairedDevice(device with { PairedAt = now }, key, counter.UnitId);
    }

    public async Task<ActiveDevice?> AuthenticateAsync(string key, CancellationToken ct)
    {
        if (key.Length is < 20 or > 200) return null;
        var hash = Secrets.Hash(key);
        var now = clock.GetUtcNow();
        if (_byKeyHash.TryGetValue(hash, out var cached) && now - cached.CachedAt < CacheLife)
            return _revoked.ContainsKey(cached.Device.Id) ? null : cached.Device;
        var device = await store.FindByKeyHashAsync(hash, ct);
        if (device is null || device.RevokedAt is not null || catalog.Current.FindCounter(device.CounterId) is not { } counter) return null;
        var active = new ActiveDevice(device.Id, device.CounterId, counter.UnitId);
        _byKeyHash[hash] = (active, now);
        return active;
    }

    public Task HeartbeatAsync(Guid id, int pending, string? pageVersion, CancellationToken ct) =>
        store.HeartbeatAsync(id, clock.GetUtcNow(), pending, pageVersion, ct);

    /// <summary>Renames a tablet or moves it to another counter. A move takes effect at the tablet's next request.</summary>
    public async Task<bool> UpdateAsync(Device device, string name, string counterId, string actor, CancellationToken ct)
    {
        if (!await store.UpdateAsync(device.Id, name, counterId, ct)) return false;
        // The key's cached counter is stale after a move: forget it (here and on every server), the next request reads the store.
        Forget(device.Id);
        await changes.PublishAsync(new ChangeSignal(ChangeKind.Device, device.Id.ToString()), CancellationToken.None);
        if (name != device.Name) await audit.RecordAsync(actor, "device.rename", $"device:{device.Id}", $"{device.Name} → {name}", ct);
        if (counterId != device.CounterId) await audit.RecordAsync(actor, "device.move", $"device:{device.Id}", $"counter {device.CounterId} → {counterId}", ct);
        return true;
    }

    public async Task<bool> RevokeAsync(Guid id, string actor, CancellationToken ct)
    {
        if (!await store.RevokeAsync(id, clock.GetUtcNow(), ct)) return false;
        _revoked[id] = true;
        Forget(id);
        await changes.PublishAsync(new ChangeSignal(ChangeKind.DeviceRevoked, id.ToString()), CancellationToken.None);
        await audit.RecordAsync(actor, "device.revoke", $"device:{id}", null, ct);
        return true;
    }
}
