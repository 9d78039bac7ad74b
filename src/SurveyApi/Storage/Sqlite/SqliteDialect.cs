using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Storage.Sql;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

/// <summary>
/// SQLite's side of the stores written once: instants as fixed-width UTC text (so comparing the text compares the times),
/// uuids as their "D" text, booleans as 0/1, dates as yyyy-MM-dd, lists of text as a JSON array.
/// </summary>
public sealed class SqliteDialect(SqliteDatabase database) : SqlDialect
{
    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => await database.OpenAsync(cancellationToken);

    // SQLite's async calls complete synchronously anyway.
    public override DbConnection Open() => database.OpenAsync().GetAwaiter().GetResult();

    protected override object ToEngine(object value) => value switch
    {
        DateTimeOffset instant => SqliteDatabase.InstantText(instant),
        Guid id => id.ToString("D"),
        bool flag => flag ? 1 : 0,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        string => value,
        IEnumerable<string> texts => JsonSerializer.Serialize(texts),
        _ => value,
    };

    // $1 is a named parameter to SQLite: the same text binds by name here and by position on PostgreSQL.
    protected override DbParameter Parameter(int position, object value) =>
        new SqliteParameter("$" + position.ToString(CultureInfo.InvariantCulture), value);

    public override string ByteOrder => "";

    public override string AnyOf(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public override Guid Uuid(DbDataReader r, int column) => Guid.Parse(r.GetString(column));

    public override DateTimeOffset Instant(DbDataReader r, int column) => SqliteDatabase.ParseInstant(r.GetString(column));

    public override bool Bool(DbDataReader r, int column) => r.GetInt64(column) == 1;

    public override DateOnly Date(DbDataReader r, int column) => DateOnly.ParseExact(r.GetString(column), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public override string[] Texts(DbDataReader r, int column) => JsonSerializer.Deserialize<string[]>(r.GetString(column))!;
}
