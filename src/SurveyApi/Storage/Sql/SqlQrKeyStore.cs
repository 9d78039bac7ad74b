using ParSurvey.SurveyApi.Security;

namespace ParSurvey.SurveyApi.Storage.Sql;

public class SqlQrKeyStore(SqlDialect d) : IQrKeyStore
{
    public async Task<IReadOnlyList<QrSigningKey>> ListAsync(CancellationToken cancellationToken = default) =>
        await d.QueryAsync($"SELECT id, secret, created_at, created_by, retired_at, retired_by FROM qr_keys ORDER BY created_at, id{d.ByteOrder};",
            r => new QrSigningKey(r.GetString(0), Convert.FromBase64String(r.GetString(1)), d.Instant(r, 2), r.GetString(3), d.InstantOrNull(r, 4),
                SqlDialect.TextOrNull(r, 5)),
            cancellationToken);

    public async Task<bool> AddAsync(QrSigningKey key, CancellationToken cancellationToken = default) =>
        await d.ExecuteAsync("INSERT INTO qr_keys (id, secret, created_at, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING;",
            cancellationToken, key.Id, Convert.ToBase64String(key.Secret), key.CreatedAt, key.CreatedBy) == 1;

    public async Task<bool> RetireAsync(string id, DateTimeOffset at, string by, CancellationToken cancellationToken = default) =>
        await d.ExecuteAsync("UPDATE qr_keys SET retired_at = $2, retired_by = $3 WHERE id = $1 AND retired_at IS NULL;",
            cancellationToken, id, at, by) == 1;
}
