using System.Diagnostics;
using System.Data.Common;
using ParSurvey.Analytics;
using ParSurvey.Analytics.Reports;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Sqlite;

namespace ParSurvey.Benchmarks.Reports;

/// <summary>
/// The roll-ups against the raw rows: what the report reads (daily_tallies, daily_reasons through the store) must equal
/// what a GROUP BY over the ratings table gives, cell for cell. A report built from them must show the same totals.
/// </summary>
public static class AgreementCheck
{
    public static async Task<bool> RunAsync(BenchDatabase database, IRatingStore store, ReportPeriod month, ReportDocument monthReport)
    {
        await using var raw = await database.OpenRawAsync();
        var sql = database.Sql;
        var (sep, counted, p) = (sql.Separator, sql.NotFiltered, sql.ParameterPrefix);
        var (from, to) = (sql.Date(month.From), sql.Date(month.To));
        var ok = true;

        var clock = Stopwatch.StartNew();
        var rolled = (await store.TallyAsync(new TallyQuery(month.From, month.To, TallyDimension.CounterAndField)))
            .ToDictionary(c => $"{c.Key.CounterId}\u001f{c.Key.FieldCode}\u001f{c.ScaleId}\u001f{c.Score}\u001f{c.Group.Code()}", c => c.Count);
        var rows = await ReadCountsAsync(raw, $"""
            SELECT counter_id || {sep} || field_code || {sep} || scale_id || {sep} || score || {sep} || level_group, COUNT(*)
            FROM ratings WHERE local_date >= {p}from AND local_date <= {p}to AND {counted}
            GROUP BY counter_id, field_code, scale_id, score, level_group;
            """, p, from, to);
        ok &= Report($"{month.Key} tallies per counter × field × scale × score × group", "ratings", rolled, rows, clock);

        clock.Restart();
        var reasons = (await store.ReasonCountsAsync(month.From, month.To, null))
            .ToDictionary(r => $"{r.FieldCode}\u001f{r.Reason}", r => r.Count);
        var rawReasons = await ReadCountsAsync(raw, $"""
            SELECT r.field_code || {sep} || j.value, COUNT(*) FROM ratings r, {sql.ReasonsJoin}
            WHERE r.local_date >= {p}from AND r.local_date <= {p}to GROUP BY r.field_code, j.value;
            """, p, from, to);
        ok &= Report($"{month.Key} reasons per field × reason", "reasons given", reasons, rawReasons, clock);

        clock.Restart();
        var year = ReportPeriod.OfYear(month.Year);
        var days = (await store.TallyAsync(new TallyQuery(year.From, year.To, TallyDimension.Day)))
            .ToDictionary(c => $"{SqliteDatabase.DateText(c.Key.Day!.Value)}\u001f{c.ScaleId}\u001f{c.Score}\u001f{c.Group.Code()}", c => c.Count);
        var rawDays = await ReadCountsAsync(raw, $"""
            SELECT local_date || {sep} || scale_id || {sep} || score || {sep} || level_group, COUNT(*)
            FROM ratings WHERE local_date >= {p}from AND local_date <= {p}to AND {counted}
            GROUP BY local_date, scale_id, score, level_group;
            """, p, sql.Date(year.From), sql.Date(year.To));
        ok &= Report($"{year.Key} tallies per day × scale × score × group", "ratings", days, rawDays, clock);

        var total = rows.Values.Sum();
        var satisfied = rows.Where(r => r.Key.EndsWith("\u001f" + LevelGroup.Satisfied.Code(), StringComparison.Ordinal)).Sum(r => r.Value);
        var current = monthReport.Summary.Current;
        var reportAgrees = current.Total == total && current.Satisfied == satisfied
            && monthReport.Fields.Sum(f => f.Total) == total && monthReport.Units.Sum(u => u.Row.Total) + monthReport.UnitsTooFewToRank.Sum(u => u.Total) == total
            && monthReport.Reasons.Sum(r => r.Count) == rawReasons.Values.Sum();
        Console.WriteLine($"  {(reportAgrees ? "OK  " : "DIFF")} {month.Key} report: total {current.Total:N0} (raw {total:N0}), satisfied {current.Satisfied:N0} " +
            $"(raw {satisfied:N0}); fields, units and reasons add up to the same");
        return ok && reportAgrees;
    }

    private static async Task<Dictionary<string, long>> ReadCountsAsync(DbConnection connection, string sql, string prefix, object from, object to)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        foreach (var (name, value) in new[] { ("from", from), ("to", to) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = prefix + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    private static bool Report(string what, string counted, Dictionary<string, long> rollups, Dictionary<string, long> rows, Stopwatch clock)
    {
        var differing = rollups.Keys.Union(rows.Keys)
            .Where(k => rollups.GetValueOrDefault(k) != rows.GetValueOrDefault(k)).ToArray();
        Console.WriteLine($"  {(differing.Length == 0 ? "OK  " : "DIFF")} {what}: {rollups.Count:N0} cells, {rows.Values.Sum():N0} {counted}, " +
            $"{differing.Length} differing ({clock.Elapsed.TotalSeconds:F1} s)");
        foreach (var key in differing.Take(10))
            Console.WriteLine($"       {key.Replace('\u001f', ' ')}: roll-ups {rollups.GetValueOrDefault(key)}, rows {rows.GetValueOrDefault(key)}");
        return differing.Length == 0;
    }
}
