using ParSurvey.SurveyApi.Security;
using static ParSurvey.SurveyApi.Storage.Postgres.PostgresDatabase;

namespace ParSurvey.SurveyApi.Storage.Postgres;

public sealed class PostgresQrKeyStore(PostgresDatabase database) : IQrKeyStore
{
    public async Task<IReadOnlyList<QrSigningKey>> ListAsync(CancellationToken cancellationToken = default) =>
        await database.QueryAsync("SELECT id, secret, created_at, created_by, retired_at, retired_by FROM qr_keys ORDER BY created_at, id COLLATE \"C\";",
            r => new QrSigningKey(r.GetString(0), Convert.FromBase64String(r.GetString(1)), Instant(r, 2), r.GetString(3), InstantOrNull(r, 4), StringOrNull(r, 5)),
            cancellationToken);

    public async Task<bool> AddAsync(QrSigningKey key, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("INSERT INTO qr_keys (id, secret, created_at, created_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING;",
            cancellationToken, key.Id, Convert.ToBase64String(key.Secret), key.CreatedAt, key.CreatedBy) == 1;

    public async Task<bool> RetireAsync(string id, DateTimeOffset at, string by, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("UPDATE qr_keys SET retired_at = $2, retired_by = $3 WHERE id = $1 AND retired_at IS NULL;",
            cancellationToken, id, at, by) == 1;
}
