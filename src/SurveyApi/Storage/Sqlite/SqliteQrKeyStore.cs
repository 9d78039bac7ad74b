using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Survey;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqliteQrKeyStore(SqliteDatabase database) : IQrKeyStore
{
    public async Task<IReadOnlyList<QrSigningKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, secret, created_at, created_by, retired_at, retired_by FROM qr_keys ORDER BY created_at, id;";
        var list = new List<QrSigningKey>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new QrSigningKey(r.GetString(0), Convert.FromBase64String(r.GetString(1)), ParseInstant(r.GetString(2)), r.GetString(3),
                ParseInstantOrNull(r, 4), StringOrNull(r, 5)));
        return list;
    }

    public async Task<bool> AddAsync(QrSigningKey key, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO qr_keys (id, secret, created_at, created_by) VALUES ($id, $secret, $at, $by) ON CONFLICT DO NOTHING;";
        command.Parameters.AddWithValue("$id", key.Id);
        command.Parameters.AddWithValue("$secret", Convert.ToBase64String(key.Secret));
        command.Parameters.AddWithValue("$at", InstantText(key.CreatedAt));
        command.Parameters.AddWithValue("$by", key.CreatedBy);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RetireAsync(string id, DateTimeOffset at, string by, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE qr_keys SET retired_at = $at, retired_by = $by WHERE id = $id AND retired_at IS NULL;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", InstantText(at));
        command.Parameters.AddWithValue("$by", by);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
