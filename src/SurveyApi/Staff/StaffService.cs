using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Staff;

public enum SignInOutcome { Success, Invalid, LockedOut, Disabled }

public sealed record SignInResult(SignInOutcome Outcome, StaffAccount? Account = null, DateTimeOffset? LockedUntil = null);

public sealed record NewStaff(string Email, string DisplayName, string Role, string? UnitId, string Password);

/// <summary>Staff accounts: sign-in with lock-out, creation with checks, password changes. Passwords go through ASP.NET Core's PasswordHasher.</summary>
public sealed class StaffService(IStaffStore store, CatalogProvider catalog, AuditTrail audit, TimeProvider clock,
    IOptions<SecurityOptions> options, StaffSessions sessions, ILogger<StaffService> logger)
{
    public const int MinPasswordLength = 10;
    private readonly PasswordHasher<StaffAccount> _hasher = new();
    // Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
    private static readonly string DummyHash = new PasswordHasher<StaffAccount>().HashPassword(null!, "not-a-real-password");

    /// <summary>
    /// Every failure before the password is known to be right gets the same answer (<see cref="SignInOutcome.Invalid"/>)
    /// after the same work — one password-hash check — whether the email is unknown, the account disabled or locked
    /// (issue 13, finding 6). Each attempt is counted atomically before its password is checked (finding 7): attempts
    /// 1 to MaxFailedLogins may sign in; the one that reaches the limit locks the account. While locked, the next
    /// MaxFailedLogins attempts are checked only to tell the owner who gives the right password (never to sign in);
    /// attempts beyond those are not checked at all.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string email, string password, CancellationToken ct)
    {
        var account = await store.FindByEmailAsync(email, ct);
        if (account is null)
        {
            _hasher.VerifyHashedPassword(null!, DummyHash, password);
            return new SignInResult(SignInOutcome.Invalid);
        }
        var max = options.Value.MaxFailedLogins;
        var now = clock.GetUtcNow();
        var (attempt, lockedUntil) = await store.CountSignInAttemptAsync(account.Id, now, max, now.AddMinutes(options.Value.LockoutMinutes), ct);
        if (attempt > 2 * max)
        {
            _hasher.VerifyHashedPassword(null!, DummyHash, password);
            return new SignInResult(SignInOutcome.Invalid);
        }
        var verdict = _hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        var target = $"staff:{account.Email}";
        if (attempt > max)
        {
            await audit.RecordAsync("anonymous", "staff.signin-refused", target,
                verdict == PasswordVerificationResult.Failed ? "wrong password while locked" : "right password while locked", ct);
            return verdict == PasswordVerificationResult.Failed
                ? new SignInResult(SignInOutcome.Invalid)
                : new SignInResult(SignInOutcome.LockedOut, LockedUntil: lockedUntil);
        }
        if (verdict == PasswordVerificationResult.Failed)
        {
            await audit.RecordAsync("anonymous", "staff.signin-failed", target, $"attempt {attempt} of {max}", ct);
            if (attempt == max)
            {
                logger.LogWarning("Account {Email} locked for {Minutes} minutes after {Count} failed sign-ins", account.Email, options.Value.LockoutMinutes, attempt);
                await audit.RecordAsync("system", "staff.lockout", target, $"{attempt} wrong passwords; locked until {lockedUntil:O}", ct);
            }
            return new SignInResult(SignInOutcome.Invalid);
        }
        if (account.Disabled)
        {
            await audit.RecordAsync("anonymous", "staff.signin-refused", target, "account disabled", ct);
            return new SignInResult(SignInOutcome.Disabled);
        }
        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? _hasher.HashPassword(account, password) : null;
        await store.RecordSignInAsync(account.Id, rehash, ct);
        return new SignInResult(SignInOutcome.Success, account with { FailedLogins = 0, LockedUntil = null, PasswordHash = rehash ?? account.PasswordHash });
    }

    public Dictionary<string, string[]> Validate(NewStaff request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email) || !new EmailAddressAttribute().IsValid(request.Email))
            errors["email"] = ["Cần một địa chỉ email / an email address is required"];
        if (string.IsNullOrWhiteSpace(request.DisplayName))
            errors["displayName"] = ["Bắt buộc / required"];
        foreach (var (field, problems) in ScopeProblems(request.Role, request.UnitId)) errors[field] = problems;
        if (PasswordProblem(request.Password) is { } problem) errors["password"] = [problem];
        return errors;
    }

    /// <summary>A role and unit scope that go together: a supervisor has a unit from the catalog, nobody else has one.</summary>
    public Dictionary<string, string[]> ScopeProblems(string? role, string? unitId)
    {
        var errors = new Dictionary<string, string[]>();
        if (role is null || !Roles.All.Contains(role))
            errors["role"] = [$"Vai trò phải là một trong: {string.Join(", ", Roles.All)} / role must be one of: {string.Join(", ", Roles.All)}"];
        if (role == Roles.Supervisor && (unitId is null || catalog.Current.FindUnit(unitId) is null))
            errors["unitId"] = ["Trưởng bộ phận cần một đơn vị có trong danh mục / a supervisor needs a unit from the catalog"];
        if (role != Roles.Supervisor && unitId is not null)
            errors["unitId"] = ["Chỉ trưởng bộ phận gắn với một đơn vị / only a supervisor is tied to a unit"];
        return errors;
    }

    public static string? PasswordProblem(string? password) =>
        password is null || password.Length < MinPasswordLength
            ? $"Mật khẩu cần ít nhất {MinPasswordLength} ký tự / the password needs at least {MinPasswordLength} characters"
            : null;

    /// <returns>The new account, or null when the email is taken. Call <see cref="Validate"/> first.</returns>
    public async Task<StaffAccount?> CreateAsync(NewStaff request, string actor, bool mustChangePassword, CancellationToken ct)
    {
        var account = new StaffAccount(Guid.NewGuid(), request.Email.Trim().ToLowerInvariant(), request.DisplayName.Trim(), request.Role,
            request.UnitId, "", mustChangePassword, 0, null, false, clock.GetUtcNow());
        account = account with { PasswordHash = _hasher.HashPassword(account, request.Password) };
        if (!await store.CreateAsync(account, ct)) return null;
        await audit.RecordAsync(actor, "staff.create", $"staff:{account.Email}", $"role {account.Role}{(account.UnitId is null ? "" : ", unit " + account.UnitId)}", ct);
        return account;
    }

    /// <summary>Replaces the password and ends every other session of the account: whoever knew the old one is out.</summary>
    public async Task ChangePasswordAsync(StaffAccount account, string newPassword, Guid? currentSession, CancellationToken ct)
    {
        await store.UpdateAsync(account with { PasswordHash = _hasher.HashPassword(account, newPassword), MustChangePassword = false }, ct);
        await audit.RecordAsync(account.Email, "staff.password", $"staff:{account.Email}", null, ct);
        await sessions.EndAllAsync(account, currentSession, account.Email, SessionEnd.PasswordChanged, ct);
    }

    public async Task<bool> SetDisabledAsync(Guid id, bool disabled, string actor, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } account) return false;
        await store.UpdateAsync(account with { Disabled = disabled }, ct);
        await audit.RecordAsync(actor, disabled ? "staff.disable" : "staff.enable", $"staff:{account.Email}", null, ct);
        if (disabled) await sessions.EndAllAsync(account, null, actor, SessionEnd.Disabled, ct);
        return true;
    }

    /// <summary>Ends a lock-out (audited as <c>staff.unlock</c>); the person may try again with a fresh count.</summary>
    public async Task<bool> UnlockAsync(Guid id, string actor, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } account) return false;
        await store.UpdateAsync(account with { FailedLogins = 0, LockedUntil = null }, ct);
        await audit.RecordAsync(actor, "staff.unlock", $"staff:{account.Email}", null, ct);
        return true;
    }

    public bool VerifyPassword(StaffAccount account, string password) =>
        _hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
}
