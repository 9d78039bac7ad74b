using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Devices;
using ParSurvey.SurveyApi.Staff;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Sqlite;

namespace ParSurvey.SurveyApi.Tests.Storage;

/// <summary>What every adapter must do for staff accounts, devices and the audit log.</summary>
public abstract class AccessStoreContract
{
    protected abstract Task<(IStaffStore Staff, IDeviceStore Devices, IAuditLog Audit)> CreateEmptyStoresAsync();

    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 1, 0, 0, TimeSpan.Zero);

    private static StaffAccount Account(string email) =>
        new(Guid.NewGuid(), email, "Lê Văn Tâm", Roles.Supervisor, "ward-a", "hash", true, 0, null, false, T0);

    private static Device Waiting(string codeHash) => new(Guid.NewGuid(), "a1", "Máy 1", codeHash, T0.AddHours(24), null, T0, "admin@test.vn", null, null);

    [Fact]
    public async Task StaffEmailsAreUniqueWhateverTheirCase()
    {
        var (staff, _, _) = await CreateEmptyStoresAsync();
        Assert.True(await staff.CreateAsync(Account("Hoa@Test.vn")));
        Assert.False(await staff.CreateAsync(Account("hoa@test.VN")));
        Assert.Equal(1, await staff.CountAsync());
        Assert.Equal("hoa@test.vn", (await staff.FindByEmailAsync("HOA@test.vn"))!.Email);
    }

    [Fact]
    public async Task StaffAccountRoundTripsAndUpdates()
    {
        var (staff, _, _) = await CreateEmptyStoresAsync();
        var account = Account("tam@test.vn");
        await staff.CreateAsync(account);
        Assert.Equal(account, await staff.FindAsync(account.Id));
        var changed = account with { FailedLogins = 3, LockedUntil = T0.AddMinutes(15), Disabled = true, MustChangePassword = false, PasswordHash = "new" };
        await staff.UpdateAsync(changed);
        Assert.Equal(changed, await staff.FindAsync(account.Id));
        Assert.Equal([changed], await staff.ListAsync());
        Assert.Null(await staff.FindAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task PairingCompletesOnceBeforeItExpires()
    {
        var (_, devices, _) = await CreateEmptyStoresAsync();
        var device = Waiting("code-1");
        await devices.CreateAsync(device);
        Assert.Equal(device, await devices.FindByPairingCodeHashAsync("code-1"));
        Assert.True(await devices.CompletePairingAsync(device.Id, "key-1", T0.AddHours(1)));
        Assert.False(await devices.CompletePairingAsync(device.Id, "key-2", T0.AddHours(1)));
        Assert.Null(await devices.FindByPairingCodeHashAsync("code-1"));
        var paired = await devices.FindByKeyHashAsync("key-1");
        Assert.Equal("paired", paired!.State);
        Assert.Equal(T0.AddHours(1), paired.PairedAt);

        var late = Waiting("code-2");
        await devices.CreateAsync(late);
        Assert.False(await devices.CompletePairingAsync(late.Id, "key-3", T0.AddHours(25)));
    }

    [Fact]
    public async Task RevokedDeviceStaysRevoked()
    {
        var (_, devices, _) = await CreateEmptyStoresAsync();
        var device = Waiting("code");
        await devices.CreateAsync(device);
        await devices.CompletePairingAsync(device.Id, "key", T0);
        Assert.True(await devices.RevokeAsync(device.Id, T0.AddDays(1)));
        Assert.False(await devices.RevokeAsync(device.Id, T0.AddDays(2)));
        Assert.False(await devices.RevokeAsync(Guid.NewGuid(), T0));
        var revoked = await devices.FindAsync(device.Id);
        Assert.Equal("revoked", revoked!.State);
        Assert.Equal(T0.AddDays(1), revoked.RevokedAt);
        Assert.Single(await devices.ListAsync());
    }

    [Fact]
    public async Task AuditLogListsNewestFirstUpToTheLimit()
    {
        var (_, _, audit) = await CreateEmptyStoresAsync();
        for (var i = 0; i < 5; i++) await audit.AppendAsync(new AuditEntry(0, T0.AddMinutes(i), "admin@test.vn", $"action.{i}", "target", i % 2 == 0 ? null : "chi tiết"));
        var latest = await audit.ListAsync(3);
        Assert.Equal(["action.4", "action.3", "action.2"], latest.Select(e => e.Action));
        Assert.Equal("chi tiết", latest[1].Details);
        Assert.Equal(T0.AddMinutes(4), latest[0].At);
    }
}

public sealed class SqliteAccessStoreTests : AccessStoreContract
{
    protected override Task<(IStaffStore, IDeviceStore, IAuditLog)> CreateEmptyStoresAsync()
    {
        var database = new SqliteDatabase(Path.Combine(Infrastructure.TempFolder.Create(), "parsurvey.db"));
        return Task.FromResult<(IStaffStore, IDeviceStore, IAuditLog)>(
            (new SqliteStaffStore(database), new SqliteDeviceStore(database), new SqliteAuditLog(database)));
    }
}
