using System.Data;
using Npgsql;

namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>
/// The rating sequence (<c>ratings.seq</c>) for servers sharing the database. Each read is one REPEATABLE READ snapshot
/// that also gives its transaction horizon (pg_current_snapshot), so the board can tell a gap that may still fill (a
/// transaction that took an earlier sequence and has not committed yet) from one that never will.
/// </summary>
public sealed class PostgresRatingFeed(PostgresDatabase database) : IRatingFeed
{
    private const string Horizon = """
        SELECT (pg_snapshot_xmin(s)::text)::bigint, (pg_snapshot_xmax(s)::text)::bigint,
               COALESCE(pg_sequence_last_value(pg_get_serial_sequence('ratings', 'seq')::regclass), 0)
        FROM pg_current_snapshot() s;
        """;

    public Task<RatingFeedPage> ReadDayAsync(DateOnly localDate, int recentWindow, CancellationToken cancellationToken = default) =>
        InSnapshotAsync(async (connection, horizon) =>
        {
            var top = horizon.Top;
            var ratings = await ReadAsync(connection, $"SELECT {PostgresRatingStore.Columns}, seq FROM ratings WHERE local_date = $1 AND seq <= $2 ORDER BY seq;",
                cancellationToken, localDate, top);
            var others = new List<long>();
            await using (var command = new NpgsqlCommand("SELECT seq FROM ratings WHERE seq > $1 AND seq <= $2 AND local_date <> $3;", connection)
                { Parameters = { new() { Value = top - recentWindow }, new() { Value = top }, new() { Value = localDate } } })
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken)) others.Add(reader.GetInt64(0));
            return new RatingFeedPage(ratings, top, horizon.FinishedBefore, horizon.StartedBefore) { OtherDays = others };
        }, cancellationToken);

    /// <summary>
    /// The next ratings after $1 up to the newest sequence allocated ($2; at most $3 of them), and the gaps ($4) that
    /// filled since. Two index range reads, each bounded on both sides: "seq &gt; after OR seq = ANY(gaps)", or an
    /// open-ended range on a table PostgreSQL has not analysed yet, was planned as a scan of the whole table, and every
    /// server runs this after the commits of every server.
    /// </summary>
    internal const string ReadAfterSql = $"""
        (SELECT {PostgresRatingStore.Columns}, seq FROM ratings WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3)
        UNION ALL
        (SELECT {PostgresRatingStore.Columns}, seq FROM ratings WHERE seq = ANY($4) AND seq <= $1)
        ORDER BY seq;
        """;

    public Task<RatingFeedPage> ReadAfterAsync(long after, IReadOnlyCollection<long> missing, int limit, CancellationToken cancellationToken = default) =>
        InSnapshotAsync(async (connection, horizon) => new RatingFeedPage(
            await ReadAsync(connection, ReadAfterSql, cancellationToken, after, Math.Max(after, horizon.Top), limit, missing.ToArray()),
            horizon.Top, horizon.FinishedBefore, horizon.StartedBefore), cancellationToken);

    private async Task<RatingFeedPage> InSnapshotAsync(Func<NpgsqlConnection, (long FinishedBefore, long StartedBefore, long Top), Task<RatingFeedPage>> read,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // One snapshot for the horizon and the rows: what the rows leave out is judged by the same snapshot.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        (long, long, long) horizon;
        await using (var command = new NpgsqlCommand(Horizon, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            horizon = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        var page = await read(connection, horizon);
        await transaction.CommitAsync(cancellationToken);
        return page;
    }

    // After the rating's own columns, which PostgresRatingStore.ReadRating reads from the first.
    private const int SeqColumn = 20;

    private static async Task<List<SequencedRating>> ReadAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        var list = new List<SequencedRating>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new SequencedRating(reader.GetInt64(SeqColumn), PostgresRatingStore.ReadRating(reader)));
        return list;
    }
}
