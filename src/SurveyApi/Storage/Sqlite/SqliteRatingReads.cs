using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Ratings;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

/// <summary>
/// The rating store's reads: on connections of their own, apart from the writer, so a report or a board snapshot never
/// waits for a batch to commit. A rating is found by id through the writer's recent ids (<see cref="RecentRatingIds"/>)
/// or, once merged, the <c>rating_ids</c> index.
/// </summary>
internal sealed class SqliteRatingReads(SqliteDatabase database, RecentRatingIds recent)
{
    /// <summary>The ids stored since the last merge into the index; the writer adds to them and empties them.</summary>
    public RecentRatingIds Recent => recent;

    public async Task<Rating?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        // A recent rating by its place; an older one through the index. A merge empties the recent ids only after its
        // commit, so a rating is always in one of the two.
        if (recent.TryGet(id, out var stored))
        {
            command.CommandText = $"SELECT {RatingColumnList} FROM ratings WHERE seq = $seq;";
            command.Parameters.AddWithValue("$seq", stored.Seq);
        }
        else
        {
            command.CommandText = $"SELECT {RatingColumnList} FROM ratings WHERE seq = (SELECT seq FROM rating_ids WHERE id = $id);";
            command.Parameters.AddWithValue("$id", SqliteRatingWriteCommands.IdText(id));
        }
        return (await ReadRatingsAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<Rating>> ListDayAsync(DateOnly localDate, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RatingColumnList} FROM ratings WHERE local_date = $date ORDER BY occurred_at, id;";
        command.Parameters.AddWithValue("$date", DateText(localDate));
        return await ReadRatingsAsync(command, cancellationToken);
    }

    private static async Task<List<Rating>> ReadRatingsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<Rating>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new Rating(
                Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(16), reader.GetInt32(4), GroupOf(reader.GetString(17)), reader.GetString(6),
                JsonSerializer.Deserialize<string[]>(reader.GetString(7)) ?? [],
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : ParseInstant(reader.GetString(10)),
                ParseInstant(reader.GetString(11)), ParseInstant(reader.GetString(12)),
                ParseDate(reader.GetString(13)),
                reader.GetString(14),
                reader.IsDBNull(15) ? null : reader.GetString(15),
                reader.IsDBNull(18) ? null : reader.GetString(18),
                reader.GetInt64(19) == 1));
        return list;
    }

    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static LevelGroup GroupOf(string code) =>
        LevelGroups.Parse(code) ?? throw new InvalidDataException($"Unknown level group '{code}' in the ratings store");

    public async Task<bool> IsTokenUsedAsync(string tokenId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM ratings WHERE token_id = $token);";
        command.Parameters.AddWithValue("$token", tokenId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 1;
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM ratings;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<TallyCount>> TallyAsync(TallyQuery query, CancellationToken cancellationToken = default)
    {
        // The grouped columns, NULL for the parts the query does not group by.
        var (counter, field, day) = query.GroupBy switch
        {
            TallyDimension.Counter => ("counter_id", "NULL", "NULL"),
            TallyDimension.Field => ("NULL", "field_code", "NULL"),
            TallyDimension.Day => ("NULL", "NULL", "local_date"),
            TallyDimension.CounterAndField => ("counter_id", "field_code", "NULL"),
            TallyDimension.DayAndField => ("NULL", "field_code", "local_date"),
            _ => ("NULL", "NULL", "NULL"),
        };
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        var counterFilter = query.CounterIds is null ? "" : "AND counter_id IN (SELECT value FROM json_each($counters))";
        command.CommandText = $"""
            SELECT {counter}, {field}, {day}, scale_id, score, level_group, SUM(count)
            FROM daily_tallies
            WHERE local_date >= $from AND local_date <= $to {counterFilter}
            GROUP BY 1, 2, 3, 4, 5, 6;
            """;
        command.Parameters.AddWithValue("$from", DateText(query.From));
        command.Parameters.AddWithValue("$to", DateText(query.To));
        if (query.CounterIds is not null) command.Parameters.AddWithValue("$counters", JsonSerializer.Serialize(query.CounterIds));
        var rows = new List<TallyCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new TallyKey(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : ParseDate(reader.GetString(2)));
            rows.Add(new TallyCount(key, reader.GetString(3), reader.GetInt32(4), GroupOf(reader.GetString(5)), reader.GetInt64(6)));
        }
        return rows;
    }

    public async Task<IReadOnlyList<FilteredCount>> FilteredCountsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT counter_id, field_code, SUM(count) FROM daily_filtered
            WHERE local_date >= $from AND local_date <= $to {CounterFilter(command, counterIds)}
            GROUP BY 1, 2;
            """;
        command.Parameters.AddWithValue("$from", DateText(from));
        command.Parameters.AddWithValue("$to", DateText(to));
        var list = new List<FilteredCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(new FilteredCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return list;
    }

    public async Task<IReadOnlyList<ReasonCount>> ReasonCountsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT field_code, reason, SUM(count) FROM daily_reasons
            WHERE local_date >= $from AND local_date <= $to {CounterFilter(command, counterIds)}
            GROUP BY 1, 2;
            """;
        command.Parameters.AddWithValue("$from", DateText(from));
        command.Parameters.AddWithValue("$to", DateText(to));
        var list = new List<ReasonCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(new ReasonCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        return list;
    }

    public async Task<IReadOnlyList<RatingComment>> CommentsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds, int limit,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT local_date, counter_id, field_code, scale_id, score, comment FROM ratings INDEXED BY ix_ratings_comments
            WHERE comment IS NOT NULL AND filtered = 0 AND local_date >= $from AND local_date <= $to {CounterFilter(command, counterIds)}
            ORDER BY local_date, occurred_at LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$from", DateText(from));
        command.Parameters.AddWithValue("$to", DateText(to));
        command.Parameters.AddWithValue("$limit", limit);
        var list = new List<RatingComment>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            list.Add(new RatingComment(ParseDate(reader.GetString(0)), reader.GetString(1),
                reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5)));
        return list;
    }

    private static string CounterFilter(SqliteCommand command, IReadOnlyCollection<string>? counterIds)
    {
        if (counterIds is null) return "";
        command.Parameters.AddWithValue("$counters", JsonSerializer.Serialize(counterIds));
        return "AND counter_id IN (SELECT value FROM json_each($counters))";
    }
}
