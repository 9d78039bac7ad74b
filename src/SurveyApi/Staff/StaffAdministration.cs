using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Staff;

/// <summary>A new account and how its person gets in: a first password shown once, or an invitation link.</summary>
public sealed record CreatedAccount(StaffAccount Account, string? FirstPassword, string? InvitationUrl, DateTimeOffset? InvitationExpiresAt);

/// <summary>
/// What an admin does to colleagues' accounts from the console: create with a generated first password or a 72-hour
/// invitation, reset a password, change role and unit. Every change is audited; no password or link is ever logged.
/// </summary>
public sealed class StaffAdministration(StaffService staff, IStaffStore store, IStaffInvitationStore invitations, AuditTrail audit,
    TimeProvider clock, PublicAddress publicAddress, StaffSessions sessions, ApiTokens tokens)
{
    public const int InvitationHours = 72;
    private readonly PasswordHasher<StaffAccount> _hasher = new();

    /// <returns>null when the email is taken. <paramref name="request"/>'s password may be empty: one is generated.</returns>
    public async Task<CreatedAccount?> CreateAsync(NewStaff request, bool invite, string actor, CancellationToken ct)
    {
        var generated = string.IsNullOrEmpty(request.Password) ? Secrets.NewOneTimePassword() : null;
        // An invited person chooses their own password through the link; until then the account has one nobody knows.
        var password = invite ? Secrets.NewDeviceKey() : generated ?? request.Password;
        var account = await staff.CreateAsync(request with { Password = password }, actor, mustChangePassword: true, ct);
        if (account is null) return null;
        if (!invite) return new CreatedAccount(account, generated, null, null);

        var secret = Secrets.NewDeviceKey();
        var expires = clock.GetUtcNow().AddHours(InvitationHours);
        await invitations.CreateAsync(Secrets.Hash(secret), account.Id, expires, ct);
        await audit.RecordAsync(actor, "staff.invite", $"staff:{account.Email}", $"valid until {expires:O}", ct);
        return new CreatedAccount(account, null, publicAddress.BaseUrl + "/invite/" + secret, expires);
    }

    /// <summary>A new one-time password: the account's sessions end and its API tokens are revoked.</summary>
    /// <returns>The new one-time password, or null when there is no such account.</returns>
    public async Task<string?> ResetPasswordAsync(Guid id, string actor, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } account) return null;
        var password = Secrets.NewOneTimePassword();
        await store.UpdateAsync(account with
        {
            PasswordHash = _hasher.HashPassword(account, password), MustChangePassword = true, FailedLogins = 0, LockedUntil = null,
        }, ct);
        await audit.RecordAsync(actor, "staff.reset-password", $"staff:{account.Email}", null, ct);
        await sessions.EndAllAsync(account, null, actor, SessionEnd.PasswordChanged, ct);
        await tokens.RevokeAllOfAsync(account, actor, "password reset by an administrator", ct);
        return password;
    }

    /// <summary>Gives an account another role or unit; its sessions end at once and their board sockets close.</summary>
    public async Task<StaffAccount?> ChangeScopeAsync(Guid id, string role, string? unitId, string actor, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } account) return null;
        var changed = account with { Role = role, UnitId = unitId };
        await store.UpdateAsync(changed, ct);
        await audit.RecordAsync(actor, "staff.scope", $"staff:{account.Email}",
            $"role {account.Role} → {role}, unit {account.UnitId ?? "–"} → {unitId ?? "–"}", ct);
        await sessions.EndAllAsync(account, null, actor, SessionEnd.RoleChanged, ct);
        return changed;
    }

    /// <summary>The account an invitation link is for, while the link is usable.</summary>
    public async Task<StaffAccount?> InvitedAsync(string secret, CancellationToken ct) =>
        secret.Length is < 20 or > 200 || await invitations.FindUsableAsync(Secrets.Hash(secret), clock.GetUtcNow(), ct) is not { } id
            ? null
            : await store.FindAsync(id, ct);

    /// <summary>Sets the invited person's own password and uses the link up.</summary>
    public async Task<StaffAccount?> AcceptInvitationAsync(string secret, string password, CancellationToken ct)
    {
        if (await InvitedAsync(secret, ct) is not { } account || account.Disabled) return null;
        if (!await invitations.UseAsync(Secrets.Hash(secret), clock.GetUtcNow(), ct)) return null;
        var ready = account with { PasswordHash = _hasher.HashPassword(account, password), MustChangePassword = false, FailedLogins = 0, LockedUntil = null };
        await store.UpdateAsync(ready, ct);
        await audit.RecordAsync(account.Email, "staff.invitation-accepted", $"staff:{account.Email}", null, ct);
        return ready;
    }
}
