using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Devices;
using ParSurvey.SurveyApi.Staff;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqliteDeviceStore(SqliteDatabase database) : IDeviceStore
{
    private const string Columns = "id, counter_id, name, pairing_code_hash, pairing_expires_at, key_hash, created_at, created_by, paired_at, revoked_at";
    private const string ReadColumns = Columns + ", last_seen_at, pending, page_version";

    public async Task CreateAsync(Device d, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO devices ({Columns}) VALUES ($id, $counter, $name, $code, $expires, $key, $created, $by, $paired, $revoked);";
        command.Parameters.AddWithValue("$id", d.Id.ToString("D"));
        command.Parameters.AddWithValue("$counter", d.CounterId);
        command.Parameters.AddWithValue("$name", d.Name);
        command.Parameters.AddWithValue("$code", (object?)d.PairingCodeHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$expires", InstantOrNull(d.PairingExpiresAt));
        command.Parameters.AddWithValue("$key", (object?)d.KeyHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$created", InstantText(d.CreatedAt));
        command.Parameters.AddWithValue("$by", d.CreatedBy);
        command.Parameters.AddWithValue("$paired", InstantOrNull(d.PairedAt));
        command.Parameters.AddWithValue("$revoked", InstantOrNull(d.RevokedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<Device?> FindAsync(Guid id, CancellationToken cancellationToken = default) => FindOneAsync("id", id.ToString("D"), cancellationToken);
    public Task<Device?> FindByPairingCodeHashAsync(string codeHash, CancellationToken cancellationToken = default) => FindOneAsync("pairing_code_hash", codeHash, cancellationToken);
    public Task<Device?> FindByKeyHashAsync(string keyHash, CancellationToken cancellationToken = default) => FindOneAsync("key_hash", keyHash, cancellationToken);

    public async Task<IReadOnlyList<Device>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ReadColumns} FROM devices ORDER BY counter_id, created_at;";
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<bool> CompletePairingAsync(Guid id, string keyHash, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        // The pairing code is cleared as it is used, so it works once.
        command.CommandText = """
            UPDATE devices SET key_hash = $key, paired_at = $at, pairing_code_hash = NULL, pairing_expires_at = NULL
            WHERE id = $id AND key_hash IS NULL AND revoked_at IS NULL AND pairing_code_hash IS NOT NULL AND pairing_expires_at > $at;
            """;
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$key", keyHash);
        command.Parameters.AddWithValue("$at", InstantText(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE devices SET revoked_at = $at, pairing_code_hash = NULL WHERE id = $id AND revoked_at IS NULL;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$at", InstantText(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task HeartbeatAsync(Guid id, DateTimeOffset at, int pending, string? pageVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE devices SET last_seen_at = $at, pending = $pending, page_version = $version WHERE id = $id AND revoked_at IS NULL;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$at", InstantText(at));
        command.Parameters.AddWithValue("$pending", pending);
        command.Parameters.AddWithValue("$version", (object?)pageVersion ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> UpdateAsync(Guid id, string name, string counterId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE devices SET name = $name, counter_id = $counter WHERE id = $id AND revoked_at IS NULL;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$counter", counterId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<Device?> FindOneAsync(string column, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ReadColumns} FROM devices WHERE {column} = $key;";
        command.Parameters.AddWithValue("$key", key);
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    private static async Task<List<Device>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<Device>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new Device(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), StringOrNull(r, 3), ParseInstantOrNull(r, 4),
                StringOrNull(r, 5), ParseInstant(r.GetString(6)), r.GetString(7), ParseInstantOrNull(r, 8), ParseInstantOrNull(r, 9),
                ParseInstantOrNull(r, 10), r.IsDBNull(11) ? null : r.GetInt32(11), StringOrNull(r, 12)));
        return list;
    }
}
