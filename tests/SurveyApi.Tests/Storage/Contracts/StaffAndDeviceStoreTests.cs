using ParSurvey.SurveyApi.Devices;
using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using static ParSurvey.SurveyApi.Tests.Storage.Contracts.AdapterStores;

namespace ParSurvey.SurveyApi.Tests.Storage.Contracts;

/// <summary>IStaffStore's sign-in counting, beside <see cref="AccessStoreContract"/>'s account rules, on every adapter.</summary>
public class StaffStoreTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TheAttemptThatReachesTheLimitLocksTheAccountAndARightPasswordClearsIt(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var account = new StaffAccount(Guid.NewGuid(), "tam@test.vn", "Lê Văn Tâm", Roles.Supervisor, "ward-a", "hash", false, 0, null, false, T0);
        await stores.Staff.CreateAsync(account);
        var lockUntil = T0.AddMinutes(15);
        Assert.Equal((1, (DateTimeOffset?)null), await stores.Staff.CountSignInAttemptAsync(account.Id, T0, 3, lockUntil));
        Assert.Equal((2, (DateTimeOffset?)null), await stores.Staff.CountSignInAttemptAsync(account.Id, T0, 3, lockUntil));
        Assert.Equal((3, (DateTimeOffset?)lockUntil), await stores.Staff.CountSignInAttemptAsync(account.Id, T0, 3, lockUntil));
        Assert.Equal(lockUntil, (await stores.Staff.FindAsync(account.Id))!.LockedUntil);
        // Once the lock has run out, counting starts again.
        Assert.Equal((1, (DateTimeOffset?)null), await stores.Staff.CountSignInAttemptAsync(account.Id, lockUntil.AddSeconds(1), 3, lockUntil.AddMinutes(15)));

        await stores.Staff.RecordSignInAsync(account.Id, "rehashed");
        Assert.Equal(account with { PasswordHash = "rehashed" }, await stores.Staff.FindAsync(account.Id));
        Assert.Equal((int.MaxValue, (DateTimeOffset?)null), await stores.Staff.CountSignInAttemptAsync(Guid.NewGuid(), T0, 3, lockUntil));
    }
}

/// <summary>IDeviceStore's heartbeat and moves, beside <see cref="AccessStoreContract"/>'s pairing rules, on every adapter.</summary>
public class DeviceStoreTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AKiosksHeartbeatAndMoveAreKeptAndARevokedKioskCannotBeMoved(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var device = new Device(Guid.NewGuid(), "a1", "Máy 1", "code", T0.AddHours(24), null, T0, "quantri@test.vn", null, null);
        await stores.Devices.CreateAsync(device);
        await stores.Devices.CompletePairingAsync(device.Id, "key", T0.AddMinutes(1));
        await stores.Devices.HeartbeatAsync(device.Id, T0.AddMinutes(2), 3, "2026.11.20");
        Assert.True(await stores.Devices.UpdateAsync(device.Id, "Máy quầy 2", "a2"));
        var moved = await stores.Devices.FindByKeyHashAsync("key");
        Assert.Equal(device with
        {
            PairingCodeHash = null, PairingExpiresAt = moved!.PairingExpiresAt, KeyHash = "key", PairedAt = T0.AddMinutes(1),
            LastSeenAt = T0.AddMinutes(2), Pending = 3, PageVersion = "2026.11.20", Name = "Máy quầy 2", CounterId = "a2",
        }, moved);
        Assert.True(moved.IsOnline(T0.AddMinutes(3)));

        await stores.Devices.RevokeAsync(device.Id, T0.AddDays(1));
        Assert.False(await stores.Devices.UpdateAsync(device.Id, "Máy khác", "a1"));
        Assert.False(await stores.Devices.UpdateAsync(Guid.NewGuid(), "Máy khác", "a1"));
        Assert.Equal("a2", (await stores.Devices.FindAsync(device.Id))!.CounterId);
    }
}
