using System.Data.Common;
using Npgsql;
using ParSurvey.SurveyApi.Storage.Sql;

namespace ParSurvey.SurveyApi.Storage.Postgres;

/// <summary>
/// PostgreSQL's side of the stores written once: timestamptz (instants go in as UTC; microseconds kept), uuid, boolean,
/// date and text[] in their own types; values bound by position on the pooled data source.
/// </summary>
public sealed class PostgresDialect(PostgresDatabase database) : SqlDialect
{
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await database.OpenAsync(cancellationToken);

    public override DbConnection Open()
    {
        database.EnsureSchemaAsync().GetAwaiter().GetResult();
        return database.DataSource.OpenConnection();
    }

    protected override object ToEngine(object value) => value switch
    {
        DateTimeOffset instant => instant.UtcDateTime,
        string or string[] => value,
        IEnumerable<string> texts => texts.ToArray(),
        _ => value,
    };

    protected override DbParameter Parameter(int position, object value) => new NpgsqlParameter { Value = value };

    // Sorted as SQLite sorts text, whatever the database's collation.
    public override string ByteOrder => " COLLATE \"C\"";

    public override string AnyOf(string column, string parameter) => $"{column} = ANY({parameter})";

    public override Guid Uuid(DbDataReader r, int column) => r.GetGuid(column);

    public override DateTimeOffset Instant(DbDataReader r, int column) => new(DateTime.SpecifyKind(r.GetDateTime(column), DateTimeKind.Utc));

    public override bool Bool(DbDataReader r, int column) => r.GetBoolean(column);

    public override DateOnly Date(DbDataReader r, int column) => r.GetFieldValue<DateOnly>(column);

    public override string[] Texts(DbDataReader r, int column) => r.GetFieldValue<string[]>(column);
}
