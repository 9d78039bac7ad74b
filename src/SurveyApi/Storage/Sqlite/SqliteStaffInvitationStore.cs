using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Staff;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqliteStaffInvitationStore(SqliteDatabase database) : IStaffInvitationStore
{
    public async Task CreateAsync(string tokenHash, Guid staffId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO staff_invitations (token_hash, staff_id, expires_at) VALUES ($hash, $staff, $expires);";
        command.Parameters.AddWithValue("$hash", tokenHash);
        command.Parameters.AddWithValue("$staff", staffId.ToString("D"));
        command.Parameters.AddWithValue("$expires", InstantText(expiresAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Guid?> FindUsableAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT staff_id FROM staff_invitations WHERE token_hash = $hash AND used_at IS NULL AND expires_at > $now;";
        command.Parameters.AddWithValue("$hash", tokenHash);
        command.Parameters.AddWithValue("$now", InstantText(now));
        return await command.ExecuteScalarAsync(cancellationToken) is string id ? Guid.Parse(id) : null;
    }

    public async Task<bool> UseAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE staff_invitations SET used_at = $now WHERE token_hash = $hash AND used_at IS NULL AND expires_at > $now;";
        command.Parameters.AddWithValue("$hash", tokenHash);
        command.Parameters.AddWithValue("$now", InstantText(now));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
