using Microsoft.Data.Sqlite;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqliteReportArchive(SqliteDatabase database) : IReportArchive
{
    private const string Columns = "id, unit_id, period_key, format, file_name, sha256, size, created_at, created_by";

    public Task<ArchivedReport?> FindAsync(string unitId, string periodKey, string format, CancellationToken cancellationToken = default) =>
        OneAsync("unit_id = $a AND period_key = $b AND format = $c", cancellationToken, unitId, periodKey, format);

    public Task<ArchivedReport?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        OneAsync("id = $a", cancellationToken, id.ToString("D"));

    public async Task<bool> AddAsync(ArchivedReport r, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO report_archive ({Columns}) VALUES ($id, $unit, $period, $format, $file, $sha, $size, $at, $by) ON CONFLICT DO NOTHING;";
        command.Parameters.AddWithValue("$id", r.Id.ToString("D"));
        command.Parameters.AddWithValue("$unit", r.UnitId);
        command.Parameters.AddWithValue("$period", r.PeriodKey);
        command.Parameters.AddWithValue("$format", r.Format);
        command.Parameters.AddWithValue("$file", r.FileName);
        command.Parameters.AddWithValue("$sha", r.Sha256);
        command.Parameters.AddWithValue("$size", r.Size);
        command.Parameters.AddWithValue("$at", InstantText(r.CreatedAt));
        command.Parameters.AddWithValue("$by", r.CreatedBy);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<ArchivedReport>> ListAsync(string? periodKey, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM report_archive {(periodKey is null ? "" : "WHERE period_key = $a")} ORDER BY period_key DESC, unit_id, format;";
        if (periodKey is not null) command.Parameters.AddWithValue("$a", periodKey);
        return await ReadAsync(command, cancellationToken);
    }

    private async Task<ArchivedReport?> OneAsync(string where, CancellationToken cancellationToken, params string[] values)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM report_archive WHERE {where};";
        for (var i = 0; i < values.Length; i++) command.Parameters.AddWithValue("$" + (char)('a' + i), values[i]);
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    private static async Task<List<ArchivedReport>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = new List<ArchivedReport>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            list.Add(new ArchivedReport(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                r.GetInt64(6), ParseInstant(r.GetString(7)), r.GetString(8)));
        return list;
    }
}
