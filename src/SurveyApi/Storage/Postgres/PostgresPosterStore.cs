using Npgsql;
using ParSurvey.SurveyApi.Survey;
using static ParSurvey.SurveyApi.Storage.Postgres.PostgresDatabase;

namespace ParSurvey.SurveyApi.Storage.Postgres;

public sealed class PostgresPosterStore(PostgresDatabase database) : IPosterStore
{
    private const string Columns = "id, counter_id, unit_id, created_at, created_by, revoked_at, revoked_by";

    public Task AddAsync(PosterLink p, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync($"INSERT INTO qr_posters ({Columns}) VALUES ($1, $2, $3, $4, $5, NULL, NULL);", cancellationToken,
            p.Id, p.CounterId, p.UnitId, p.CreatedAt, p.CreatedBy);

    public async Task<PosterLink?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {Columns} FROM qr_posters WHERE id = $1;", Read, cancellationToken, id)).FirstOrDefault();

    public async Task<PosterLink?> CurrentAsync(string counterId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {Columns} FROM qr_posters WHERE counter_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id::text LIMIT 1;",
            Read, cancellationToken, counterId)).FirstOrDefault();

    public async Task<IReadOnlyList<PosterLink>> ListAsync(IReadOnlyCollection<string> counterIds, CancellationToken cancellationToken = default) =>
        await database.QueryAsync($"SELECT {Columns} FROM qr_posters WHERE counter_id = ANY($1) ORDER BY created_at DESC, id::text;", Read, cancellationToken,
            // As one value: a bare string[] would be taken for the params array itself, one parameter per counter.
            (object)counterIds.ToArray());

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset at, string by, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("UPDATE qr_posters SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL;",
            cancellationToken, id, at, by) == 1;

    private static PosterLink Read(NpgsqlDataReader r) =>
        new(r.GetGuid(0), r.GetString(1), r.GetString(2), Instant(r, 3), r.GetString(4), InstantOrNull(r, 5), StringOrNull(r, 6));
}
