using Npgsql;

namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>One statement on a pooled connection, its values bound by position ($1, $2, …); instants go in as UTC.</summary>
internal static class PostgresCommands
{
    public static async Task<int> ExecuteAsync(this PostgresDatabase database, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<object?> ScalarAsync(this PostgresDatabase database, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, values);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public static async Task<List<T>> QueryAsync<T>(this PostgresDatabase database, string sql, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken, params object?[] values)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, values);
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(read(reader));
        return list;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter
            {
                Value = value switch
                {
                    null => DBNull.Value,
                    DateTimeOffset instant => instant.UtcDateTime,
                    _ => value,
                },
            });
        return command;
    }
}
