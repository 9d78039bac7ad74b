using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Security;
using ParSurvey.SurveyApi.Survey;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqlitePosterStore(SqliteDatabase database) : IPosterStore
{
    private const string Columns = "id, counter_id, unit_id, created_at, created_by, revoked_at, revoked_by";

    public async Task AddAsync(PosterLink p, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO qr_posters ({Columns}) VALUES ($id, $counter, $unit, $at, $by, NULL, NULL);";
        command.Parameters.AddWithValue("$id", p.Id.ToString("D"));
        command.Parameters.AddWithValue("$counter", p.CounterId);
        command.Parameters.AddWithValue("$unit", p.UnitId);
        command.Parameters.AddWithValue("$at", InstantText(p.CreatedAt));
        command.Parameters.AddWithValue("$by", p.CreatedBy);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<PosterLink?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await QueryAsync("id = $key", id.ToString("D"), cancellationToken)).FirstOrDefault();

    public async Task<PosterLink?> CurrentAsync(string counterId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("counter_id = $key AND revoked_at IS NULL", counterId, cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<PosterLink>> ListAsync(IReadOnlyCollection<string> counterIds, CancellationToken cancellationToken = default)
    {
        var all = new List<PosterLink>();
        foreach (var counter in counterIds) all.AddRange(await QueryAsync("counter_id = $key", counter, cancellationToken));
        return all.OrderByDescending(p => p.CreatedAt).ToArray();
    }

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset at, string by, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE qr_posters SET revoked_at = $at, revoked_by = $by WHERE id = $id AND revoked_at IS NULL;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        command.Parameters.AddWithValue("$at", InstantText(at));
        command.Parameters.AddWithValue("$by", by);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<List<PosterLink>> QueryAsync(string where, string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM qr_posters WHERE {where} ORDER BY created_at DESC, id;";
        command.Parameters.AddWithValue("$key", key);
        var list = new List<PosterLink>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new PosterLink(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), ParseInstant(r.GetString(3)), r.GetString(4),
                ParseInstantOrNull(r, 5), StringOrNull(r, 6)));
        return list;
    }
}
