using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>A rating as the store holds it, read back by a probe (not through the app).</summary>
public sealed record StoredRating(Guid Id, string CounterId, string UnitId, string FieldCode, string ScaleId, int Score, string LevelGroup,
    bool Satisfied, string Channel, IReadOnlyList<string> Reasons, string? Comment, string? ProcedureCode, string? TokenId, string? DeviceId,
    bool Filtered, DateOnly LocalDate, DateTimeOffset ReceivedAt);

/// <summary>
/// What a test asks the store directly, beside the app, so it does not take the app's word for what is stored. One
/// implementation per storage adapter, reading that engine with its own queries (<see cref="SqliteStoreProbe"/>); the
/// HTTP tests ask only these questions, so they run unchanged against another adapter once it has a probe.
/// </summary>
public interface IStoreProbe
{
    /// <summary>How many ratings are stored, counted and filtered alike; 0 when the store was never created.</summary>
    long CountRatings();

    /// <summary>Every stored rating.</summary>
    IReadOnlyList<StoredRating> Ratings();

    /// <summary>The ids of every stored rating.</summary>
    IReadOnlyList<Guid> RatingIds();

    /// <summary>Every value kept for each stored rating, by the store's own field names, as text: to show what is never kept.</summary>
    IReadOnlyList<IReadOnlyDictionary<string, string?>> RawRatings();

    /// <summary>How many pieces of citizens' feedback are stored, or (contacts: true) how many contacts are kept.</summary>
    long CountFeedback(bool contacts = false);
}

public static class StoreProbes
{
    /// <summary>The probe for the store of a server started on this data folder (the embedded SQLite file).</summary>
    public static IStoreProbe For(string dataDirectory) => new SqliteStoreProbe(Path.Combine(dataDirectory, "parsurvey.db"));

    /// <summary>How many stored ratings match.</summary>
    public static long Count(this IStoreProbe probe, Func<StoredRating, bool> where) => probe.Ratings().LongCount(where);

    public static StoredRating? Find(this IStoreProbe probe, Guid id) => probe.Ratings().SingleOrDefault(r => r.Id == id);
}

/// <summary>Reads the SQLite file read-only with its own SQL, beside the running app.</summary>
public sealed class SqliteStoreProbe(string databasePath) : IStoreProbe
{
    public long CountRatings() => File.Exists(databasePath) ? Query("SELECT COUNT(*) FROM ratings;", r => r.GetInt64(0)).Single() : 0;

    public IReadOnlyList<StoredRating> Ratings() => !File.Exists(databasePath) ? [] : Query("""
        SELECT id, counter_id, unit_id, field_code, scale_id, score, level_group, satisfied, channel, reasons, comment,
               procedure_code, token_id, device_id, filtered, local_date, received_at
        FROM ratings;
        """, r => new StoredRating(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
            r.GetString(6), r.GetInt64(7) == 1, r.GetString(8), JsonSerializer.Deserialize<string[]>(r.GetString(9)) ?? [],
            Text(r, 10), Text(r, 11), Text(r, 12), Text(r, 13), r.GetInt64(14) == 1,
            DateOnly.ParseExact(r.GetString(15), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(r.GetString(16), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));

    public IReadOnlyList<Guid> RatingIds() => !File.Exists(databasePath) ? [] : Query("SELECT id FROM ratings;", r => Guid.Parse(r.GetString(0)));

    public IReadOnlyList<IReadOnlyDictionary<string, string?>> RawRatings() => !File.Exists(databasePath) ? [] : Query("SELECT * FROM ratings;",
        r => (IReadOnlyDictionary<string, string?>)Enumerable.Range(0, r.FieldCount)
            .ToDictionary(r.GetName, i => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)));

    public long CountFeedback(bool contacts = false) => !File.Exists(databasePath) ? 0
        : Query($"SELECT COUNT(*) FROM {(contacts ? "feedback_contacts" : "feedback")};", r => r.GetInt64(0)).Single();

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read()) list.Add(read(reader));
        return list;
    }
}
