using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Staff;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqliteApiTokenStore(SqliteDatabase database) : IApiTokenStore
{
    private const string Columns = "id, staff_id, name, created_at, created_by, last_used_at, revoked_at";

    public async Task CreateAsync(ApiToken token, string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO api_tokens (id, staff_id, name, token_hash, created_at, created_by) VALUES ($id, $staff, $name, $hash, $created, $by);";
        command.Parameters.AddWithValue("$id", token.Id.ToString("D"));
        command.Parameters.AddWithValue("$staff", token.StaffId.ToString("D"));
        command.Parameters.AddWithValue("$name", token.Name);
        command.Parameters.AddWithValue("$hash", tokenHash);
        command.Parameters.AddWithValue("$created", InstantText(token.CreatedAt));
        command.Parameters.AddWithValue("$by", token.CreatedBy);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ApiToken?> FindActiveByHashAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM api_tokens WHERE token_hash = $hash AND revoked_at IS NULL;";
        command.Parameters.AddWithValue("$hash", tokenHash);
        return (await ReadAllAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM api_tokens ORDER BY created_at DESC;";
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_tokens SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$at", InstantText(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task TouchAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_tokens SET last_used_at = $at WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$at", InstantText(at));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<ApiToken>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<ApiToken>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new ApiToken(Guid.Parse(r.GetString(0)), Guid.Parse(r.GetString(1)), r.GetString(2), ParseInstant(r.GetString(3)),
                r.GetString(4), ParseInstantOrNull(r, 5), ParseInstantOrNull(r, 6)));
        return list;
    }
}
