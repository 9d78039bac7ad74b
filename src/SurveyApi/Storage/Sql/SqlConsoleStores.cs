using System.Data.Common;
using ParSurvey.SurveyApi.Staff;

namespace ParSurvey.SurveyApi.Storage.Sql;

public class SqlStaffInvitationStore(SqlDialect d) : IStaffInvitationStore
{
    public Task CreateAsync(string tokenHash, Guid staffId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("INSERT INTO staff_invitations (token_hash, staff_id, expires_at) VALUES ($1, $2, $3);", cancellationToken,
            tokenHash, staffId, expiresAt);

    public async Task<Guid?> FindUsableAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync("SELECT staff_id FROM staff_invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2;",
            r => (Guid?)d.Uuid(r, 0), cancellationToken, tokenHash, now)).FirstOrDefault();

    // One statement: a link is used once, whichever of two concurrent uses comes second finds it used.
    public async Task<bool> UseAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        await d.ExecuteAsync("UPDATE staff_invitations SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2;",
            cancellationToken, tokenHash, now) == 1;
}

public class SqlApiTokenStore(SqlDialect d) : IApiTokenStore
{
    private const string Columns = "id, staff_id, name, created_at, created_by, last_used_at, revoked_at";

    public Task CreateAsync(ApiToken token, string tokenHash, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("INSERT INTO api_tokens (id, staff_id, name, token_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6);",
            cancellationToken, token.Id, token.StaffId, token.Name, tokenHash, token.CreatedAt, token.CreatedBy);

    public async Task<ApiToken?> FindActiveByHashAsync(string tokenHash, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync($"SELECT {Columns} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL;", Read, cancellationToken, tokenHash))
            .FirstOrDefault();

    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken = default) =>
        await d.QueryAsync($"SELECT {Columns} FROM api_tokens ORDER BY created_at DESC;", Read, cancellationToken);

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await d.ExecuteAsync("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL;", cancellationToken, id, at) == 1;

    public Task TouchAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("UPDATE api_tokens SET last_used_at = $2 WHERE id = $1;", cancellationToken, id, at);

    private ApiToken Read(DbDataReader r) =>
        new(d.Uuid(r, 0), d.Uuid(r, 1), r.GetString(2), d.Instant(r, 3), r.GetString(4), d.InstantOrNull(r, 5), d.InstantOrNull(r, 6));
}
