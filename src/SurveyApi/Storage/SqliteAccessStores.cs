using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Devices;
using ParSurvey.SurveyApi.Staff;
using static ParSurvey.SurveyApi.Storage.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage;

public sealed class SqliteStaffStore(SqliteDatabase database) : IStaffStore
{
    private const string Columns = "id, email, display_name, role, unit_id, password_hash, must_change, failed_logins, locked_until, disabled, created_at";

    public async Task<bool> CreateAsync(StaffAccount account, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO staff ({Columns}) VALUES ($id, $email, $name, $role, $unit, $hash, $must, $failed, $locked, $disabled, $created) ON CONFLICT DO NOTHING;";
        Bind(command, account);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task<StaffAccount?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        FindOneAsync("id = $key", id.ToString("D"), cancellationToken);

    public Task<StaffAccount?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
        FindOneAsync("email = $key", email.Trim().ToLowerInvariant(), cancellationToken);

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM staff ORDER BY email;";
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task UpdateAsync(StaffAccount account, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE staff SET email = $email, display_name = $name, role = $role, unit_id = $unit, password_hash = $hash,
                must_change = $must, failed_logins = $failed, locked_until = $locked, disabled = $disabled
            WHERE id = $id;
            """;
        Bind(command, account);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(int Attempt, DateTimeOffset? LockedUntil)> CountSignInAttemptAsync(Guid id, DateTimeOffset now, int maxFailed,
        DateTimeOffset lockUntil, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        // One statement: SQLite runs it under the write lock, so no two attempts read the same count (issue 13, finding 7).
        // Instants are stored as fixed-width UTC text, so comparing the text compares the times.
        command.CommandText = """
            UPDATE staff SET
                failed_logins = CASE WHEN locked_until <= $now THEN 1 ELSE failed_logins + 1 END,
                locked_until = CASE
                    WHEN locked_until <= $now THEN CASE WHEN $max <= 1 THEN $until ELSE NULL END
                    WHEN locked_until IS NULL AND failed_logins + 1 >= $max THEN $until
                    ELSE locked_until END
            WHERE id = $id
            RETURNING failed_logins, locked_until;
            """;
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$now", InstantText(now));
        command.Parameters.AddWithValue("$until", InstantText(lockUntil));
        command.Parameters.AddWithValue("$max", maxFailed);
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        if (!await r.ReadAsync(cancellationToken)) return (int.MaxValue, null);
        return (r.GetInt32(0), ParseInstantOrNull(r, 1));
    }

    public async Task RecordSignInAsync(Guid id, string? newPasswordHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE staff SET failed_logins = 0, locked_until = NULL, password_hash = IFNULL($hash, password_hash) WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$hash", (object?)newPasswordHash ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM staff;";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }

    private async Task<StaffAccount?> FindOneAsync(string where, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM staff WHERE {where};";
        command.Parameters.AddWithValue("$key", key);
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    private static void Bind(SqliteCommand command, StaffAccount a)
    {
        command.Parameters.AddWithValue("$id", a.Id.ToString("D"));
        command.Parameters.AddWithValue("$email", a.Email.Trim().ToLowerInvariant());
        command.Parameters.AddWithValue("$name", a.DisplayName);
        command.Parameters.AddWithValue("$role", a.Role);
        command.Parameters.AddWithValue("$unit", (object?)a.UnitId ?? DBNull.Value);
        command.Parameters.AddWithValue("$hash", a.PasswordHash);
        command.Parameters.AddWithValue("$must", a.MustChangePassword ? 1 : 0);
        command.Parameters.AddWithValue("$failed", a.FailedLogins);
        command.Parameters.AddWithValue("$locked", InstantOrNull(a.LockedUntil));
        command.Parameters.AddWithValue("$disabled", a.Disabled ? 1 : 0);
        command.Parameters.AddWithValue("$created", InstantText(a.CreatedAt));
    }

    private static async Task<List<StaffAccount>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<StaffAccount>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new StaffAccount(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), StringOrNull(r, 4),
                r.GetString(5), r.GetInt32(6) == 1, r.GetInt32(7), ParseInstantOrNull(r, 8), r.GetInt32(9) == 1, ParseInstant(r.GetString(10))));
        return list;
    }
}

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

public sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO audit (at, actor, action, target, details) VALUES ($at, $actor, $action, $target, $details);";
        command.Parameters.AddWithValue("$at", InstantText(entry.At));
        command.Parameters.AddWithValue("$actor", entry.Actor);
        command.Parameters.AddWithValue("$action", entry.Action);
        command.Parameters.AddWithValue("$target", entry.Target);
        command.Parameters.AddWithValue("$details", (object?)entry.Details ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, at, actor, action, target, details FROM audit ORDER BY id DESC LIMIT $limit;";
        command.Parameters.AddWithValue("$limit", limit);
        var list = new List<AuditEntry>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new AuditEntry(r.GetInt64(0), ParseInstant(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4), StringOrNull(r, 5)));
        return list;
    }
}
