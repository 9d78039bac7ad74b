using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Storage;

/// <summary>Invitation links for new colleagues: only the hash of the link's secret is kept.</summary>
public interface IStaffInvitationStore
{
    Task CreateAsync(string tokenHash, Guid staffId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>The account the invitation is for, when it is unused and not expired at <paramref name="now"/>.</summary>
    Task<Guid?> FindUsableAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Marks the invitation used, once: false when it was used or expired meanwhile.</summary>
    Task<bool> UseAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>Personal API tokens for scripts; only the hash of a token is kept.</summary>
public interface IApiTokenStore
{
    Task CreateAsync(ApiToken token, string tokenHash, CancellationToken cancellationToken = default);
    Task<ApiToken?> FindActiveByHashAsync(string tokenHash, CancellationToken cancellationToken = default);
    Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken = default);

    /// <returns>false when there is no such token or it was revoked already.</returns>
    Task<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default);
    Task TouchAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default);
}
