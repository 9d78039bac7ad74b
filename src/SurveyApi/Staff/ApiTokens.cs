using System.Security.Cryptography;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Staff;

public sealed record IssuedToken(ApiToken Token, string Secret);

/// <summary>Issues, checks and revokes personal API tokens. A token is 256 random bits; only its SHA-256 is stored.</summary>
public sealed class ApiTokens(IApiTokenStore store, IStaffStore staff, AuditTrail audit, TimeProvider clock)
{
    public const string Prefix = "pst_";
    // Writing "last used" on every call of a busy script would cost a disk write per request; once a minute says enough.
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    public async Task<IssuedToken> IssueAsync(StaffAccount account, string name, string actor, CancellationToken ct)
    {
        var secret = Prefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken(Guid.NewGuid(), account.Id, name, clock.GetUtcNow(), actor, null, null);
        await store.CreateAsync(token, Secrets.Hash(secret), ct);
        await audit.RecordAsync(actor, "token.issue", $"staff:{account.Email}", $"token {token.Id} '{name}'", ct);
        return new IssuedToken(token, secret);
    }

    public async Task<bool> RevokeAsync(Guid id, string actor, CancellationToken ct)
    {
        if (!await store.RevokeAsync(id, clock.GetUtcNow(), ct)) return false;
        await audit.RecordAsync(actor, "token.revoke", $"token:{id}", null, ct);
        return true;
    }

    /// <summary>
    /// Revokes every active token of an account: an admin's password reset ends the account's sessions, and a token is
    /// a session a script holds (someone who had the old password may have issued it).
    /// </summary>
    /// <returns>How many were revoked.</returns>
    public async Task<int> RevokeAllOfAsync(StaffAccount account, string actor, string reason, CancellationToken ct)
    {
        var revoked = 0;
        foreach (var token in (await store.ListAsync(ct)).Where(t => t.StaffId == account.Id && t.RevokedAt is null))
        {
            if (!await store.RevokeAsync(token.Id, clock.GetUtcNow(), ct)) continue;
            await audit.RecordAsync(actor, "token.revoke", $"token:{token.Id}", reason, ct);
            revoked++;
        }
        return revoked;
    }

    /// <returns>
    /// The token's account while the token is active and the account enabled — with <c>MustChangePassword</c> as it is:
    /// a token of an account that must still replace a one-time password is refused (<see cref="Security.ApiTokenHandler"/>),
    /// since whoever holds the one-time password could otherwise act through the token without ever choosing their own.
    /// </returns>
    public async Task<StaffAccount?> AuthenticateAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 200) return null;
        if (await store.FindActiveByHashAsync(Secrets.Hash(secret), ct) is not { } token) return null;
        if (await staff.FindAsync(token.StaffId, ct) is not { Disabled: false } account) return null;
        var now = clock.GetUtcNow();
        if (!account.MustChangePassword && (token.LastUsedAt is null || now - token.LastUsedAt > TouchEvery))
            await store.TouchAsync(token.Id, now, ct);
        return account;
    }
}
