using System.Data.Common;
using ParSurvey.SurveyApi.Devices;

namespace ParSurvey.SurveyApi.Storage.Sql;

public class SqlDeviceStore(SqlDialect d) : IDeviceStore
{
    private const string Columns = "id, counter_id, name, pairing_code_hash, pairing_expires_at, key_hash, created_at, created_by, paired_at, revoked_at";
    private const string ReadColumns = Columns + ", last_seen_at, pending, page_version";

    public Task CreateAsync(Device x, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync($"INSERT INTO devices ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);", cancellationToken,
            x.Id, x.CounterId, x.Name, x.PairingCodeHash, x.PairingExpiresAt, x.KeyHash, x.CreatedAt, x.CreatedBy, x.PairedAt, x.RevokedAt);

    public Task<Device?> FindAsync(Guid id, CancellationToken cancellationToken = default) => FindOneAsync("id", id, cancellationToken);
    public Task<Device?> FindByPairingCodeHashAsync(string codeHash, CancellationToken cancellationToken = default) => FindOneAsync("pairing_code_hash", codeHash, cancellationToken);
    public Task<Device?> FindByKeyHashAsync(string keyHash, CancellationToken cancellationToken = default) => FindOneAsync("key_hash", keyHash, cancellationToken);

    public async Task<IReadOnlyList<Device>> ListAsync(CancellationToken cancellationToken = default) =>
        await d.QueryAsync($"SELECT {ReadColumns} FROM devices ORDER BY counter_id{d.ByteOrder}, created_at;", Read, cancellationToken);

    // The pairing code is cleared as it is used, so it works once.
    public async Task<bool> CompletePairingAsync(Guid id, string keyHash, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await d.ExecuteAsync("""
            UPDATE devices SET key_hash = $2, paired_at = $3, pairing_code_hash = NULL, pairing_expires_at = NULL
            WHERE id = $1 AND key_hash IS NULL AND revoked_at IS NULL AND pairing_code_hash IS NOT NULL AND pairing_expires_at > $3;
            """, cancellationToken, id, keyHash, at) == 1;

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        await d.ExecuteAsync("UPDATE devices SET revoked_at = $2, pairing_code_hash = NULL WHERE id = $1 AND revoked_at IS NULL;",
            cancellationToken, id, at) == 1;

    public Task HeartbeatAsync(Guid id, DateTimeOffset at, int pending, string? pageVersion, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("UPDATE devices SET last_seen_at = $2, pending = $3, page_version = $4 WHERE id = $1 AND revoked_at IS NULL;",
            cancellationToken, id, at, pending, pageVersion);

    public async Task<bool> UpdateAsync(Guid id, string name, string counterId, CancellationToken cancellationToken = default) =>
        await d.ExecuteAsync("UPDATE devices SET name = $2, counter_id = $3 WHERE id = $1 AND revoked_at IS NULL;",
            cancellationToken, id, name, counterId) == 1;

    private async Task<Device?> FindOneAsync(string column, object key, CancellationToken cancellationToken) =>
        (await d.QueryAsync($"SELECT {ReadColumns} FROM devices WHERE {column} = $1;", Read, cancellationToken, key)).FirstOrDefault();

    private Device Read(DbDataReader r) =>
        new(d.Uuid(r, 0), r.GetString(1), r.GetString(2), SqlDialect.TextOrNull(r, 3), d.InstantOrNull(r, 4), SqlDialect.TextOrNull(r, 5),
            d.Instant(r, 6), r.GetString(7), d.InstantOrNull(r, 8), d.InstantOrNull(r, 9), d.InstantOrNull(r, 10),
            r.IsDBNull(11) ? null : r.GetInt32(11), SqlDialect.TextOrNull(r, 12));
}
