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

/// <summary>Creates, pairs, checks and revokes kiosk devices. Keys are checked on every rating, so the check is cached in memory and a revocation clears it at once.</summary>
public sealed class DeviceService(IDeviceStore store, CatalogProvider catalog, AuditTrail audit, TimeProvider clock, IOptions<SecurityOptions> options)
{
    private readonly ConcurrentDictionary<string, ActiveDevice> _byKeyHash = new();
    // Checked on every hit too, so a lookup racing a revocation cannot put a revoked device back in the cache.
    private readonly ConcurrentDictionary<Guid, bool> _revoked = new();

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
        if (_byKeyHash.TryGetValue(hash, out var cached)) return _revoked.ContainsKey(cached.Id) ? null : cached;
        var device = await store.FindByKeyHashAsync(hash, ct);
        if (device is null || device.RevokedAt is not null || catalog.Current.FindCounter(device.CounterId) is not { } counter) return null;
        var active = new ActiveDevice(device.Id, device.CounterId, counter.UnitId);
        _byKeyHash[hash] = active;
        return active;
    }

    public Task HeartbeatAsync(Guid id, int pending, string? pageVersion, CancellationToken ct) =>
        store.HeartbeatAsync(id, clock.GetUtcNow(), pending, pageVersion, ct);

    /// <summary>Renames a tablet or moves it to another counter. A move takes effect at the tablet's next request.</summary>
    public async Task<bool> UpdateAsync(Device device, string name, string counterId, string actor, CancellationToken ct)
    {
        if (!await store.UpdateAsync(device.Id, name, counterId, ct)) return false;
        // The key's cached counter is stale after a move: forget it, the next request reads the store.
        foreach (var entry in _byKeyHash.Where(e => e.Value.Id == device.Id)) _byKeyHash.TryRemove(entry.Key, out _);
        if (name != device.Name) await audit.RecordAsync(actor, "device.rename", $"device:{device.Id}", $"{device.Name} → {name}", ct);
        if (counterId != device.CounterId) await audit.RecordAsync(actor, "device.move", $"device:{device.Id}", $"counter {device.CounterId} → {counterId}", ct);
        return true;
    }

    public async Task<bool> RevokeAsync(Guid id, string actor, CancellationToken ct)
    {
        if (!await store.RevokeAsync(id, clock.GetUtcNow(), ct)) return false;
        _revoked[id] = true;
        foreach (var entry in _byKeyHash.Where(e => e.Value.Id == id)) _byKeyHash.TryRemove(entry.Key, out _);
        await audit.RecordAsync(actor, "device.revoke", $"device:{id}", null, ct);
        return true;
    }
}
