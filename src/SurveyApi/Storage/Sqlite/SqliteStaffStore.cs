using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Audit;
using ParSurvey.SurveyApi.Devices;
using ParSurvey.SurveyApi.Staff;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

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
