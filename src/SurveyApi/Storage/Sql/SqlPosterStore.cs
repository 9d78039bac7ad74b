using System.Data.Common;
using ParSurvey.SurveyApi.Survey;

namespace ParSurvey.SurveyApi.Storage.Sql;

public class SqlPosterStore(SqlDialect d) : IPosterStore
{
    private const string Columns = "id, counter_id, unit_id, created_at, created_by, revoked_at, revoked_by";
    private const string Newest = "ORDER BY created_at DESC, CAST(id AS text)";

    public Task AddAsync(PosterLink p, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync($"INSERT INTO qr_posters ({Columns}) VALUES ($1, $2, $3, $4, $5, NULL, NULL);", cancellationToken,
            p.Id, p.CounterId, p.UnitId, p.CreatedAt, p.CreatedBy);

    public async Task<PosterLink?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync($"SELECT {Columns} FROM qr_posters WHERE id = $1;", Read, cancellationToken, id)).FirstOrDefault();

    public async Task<PosterLink?> CurrentAsync(string counterId, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync($"SELECT {Columns} FROM qr_posters WHERE counter_id = $1 AND revoked_at IS NULL {Newest} LIMIT 1;",
            Read, cancellationToken, counterId)).FirstOrDefault();

    public async Task<IReadOnlyList<PosterLink>> ListAsync(IReadOnlyCollection<string> counterIds, CancellationToken cancellationToken = default) =>
        await d.QueryAsync($"SELECT {Columns} FROM qr_posters WHERE {d.AnyOf("counter_id", "$1")} {Newest};", Read, cancellationToken,
            // As one value: a bare string[] would be taken for the params array itself, one parameter per counter.
            (object)counterIds.ToArray());

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset at, string by, CancellationToken cancellationToken = default) =>
        await d.ExecuteAsync("UPDATE qr_posters SET revoked_at = $2, revoked_by = $3 WHERE id = $1 AND revoked_at IS NULL;",
            cancellationToken, id, at, by) == 1;

    private PosterLink Read(DbDataReader r) =>
        new(d.Uuid(r, 0), r.GetString(1), r.GetString(2), d.Instant(r, 3), r.GetString(4), d.InstantOrNull(r, 5), SqlDialect.TextOrNull(r, 6));
}
