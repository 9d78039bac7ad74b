using System.Data.Common;

namespace ParSurvey.SurveyApi.Storage.Sql;

/// <summary>
/// What the stores written once (this folder) need to know about an engine: how a connection opens, how a value goes in
/// and comes out (instants, uuids, booleans, dates, lists of text), and the few words of SQL that differ. Statements are
/// one text for both engines, their values bound by position ($1, $2, …) through ADO.NET's DbCommand.
/// The rating path keeps its own per-engine code (Sqlite/SqliteRating*, Postgres/PostgresRating*): measured there.
/// </summary>
public abstract class SqlDialect
{
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>For the callers that ask synchronously (data protection), rarely.</summary>
    public abstract DbConnection Open();

    /// <summary>A value in the form the engine keeps it (never null: null is DBNull).</summary>
    protected abstract object ToEngine(object value);

    protected abstract DbParameter Parameter(int position, object value);

    /// <summary>Appended to an ORDER BY term on text: the byte order SQLite sorts text in.</summary>
    public abstract string ByteOrder { get; }

    /// <summary>A condition: the column's value is one of the list of text bound at <paramref name="parameter"/>.</summary>
    public abstract string AnyOf(string column, string parameter);

    public abstract Guid Uuid(DbDataReader r, int column);
    public abstract DateTimeOffset Instant(DbDataReader r, int column);
    public abstract bool Bool(DbDataReader r, int column);
    public abstract DateOnly Date(DbDataReader r, int column);
    public abstract string[] Texts(DbDataReader r, int column);

    public DateTimeOffset? InstantOrNull(DbDataReader r, int column) => r.IsDBNull(column) ? null : Instant(r, column);

    public static string? TextOrNull(DbDataReader r, int column) => r.IsDBNull(column) ? null : r.GetString(column);

    public DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params object?[] values)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
            command.Parameters.Add(Parameter(i + 1, values[i] is { } value ? ToEngine(value) : DBNull.Value));
        return command;
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql, values);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params object?[] values)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql, values);
        return await ReadAllAsync(command, read, cancellationToken);
    }

    public static async Task<List<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) list.Add(read(reader));
        return list;
    }
}
