using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Sqlite;

namespace ParSurvey.Benchmarks.Reports;

/// <summary>
/// Fills a database through the product's own write path, <see cref="SqliteRatingStore.AppendAsync"/>, so the daily
/// roll-ups are maintained exactly as in production (same transaction, WAL, synchronous=FULL). Nothing is tuned.
/// </summary>
public static class Seeder
{
    public const int BatchSize = 20_000;

    /// <summary>Seeds into a side file and renames it when complete, so an interrupted run never leaves a half database behind.</summary>
    public static async Task SeedAsync(string path, long total, SurveyCatalog catalog)
    {
        var partial = path + ".partial";
        foreach (var file in new[] { partial, partial + "-wal", partial + "-shm" }) File.Delete(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var year = new SyntheticYear(catalog, total);
        Console.WriteLine($"Seeding {total:N0} ratings over {catalog.Counters.Count} counters into {path}");
        Console.WriteLine($"  days {year.DailyCounts().Length}, busiest day {year.DailyCounts().Max():N0}, quietest {year.DailyCounts().Min():N0}");

        // Generating the next batch on the other core while this one is written.
        var batches = Channel.CreateBounded<Rating[]>(2);
        var producer = Task.Run(async () =>
        {
            foreach (var batch in year.Ratings().Chunk(BatchSize)) await batches.Writer.WriteAsync(batch);
            batches.Writer.Complete();
        });

        var clock = Stopwatch.StartNew();
        long written = 0, nextReport = 1_000_000;
        var lap = Stopwatch.StartNew();
        long lapStart = 0;
        using (var store = new SqliteRatingStore(partial))
        {
            await store.InitializeAsync();
            await foreach (var batch in batches.Reader.ReadAllAsync())
            {
                var outcomes = await store.AppendAsync(batch);
                var created = outcomes.Count(o => o.Outcome == AppendOutcome.Created);
                if (created != batch.Length) throw new InvalidOperationException($"{batch.Length - created} ratings of a batch were not created.");
                written += created;
                if (written >= nextReport || written == total)
                {
                    Console.WriteLine($"  {written,12:N0}  {clock.Elapsed.TotalSeconds,7:F0} s  last {written - lapStart:N0} at {(written - lapStart) / lap.Elapsed.TotalSeconds:N0}/s");
                    nextReport += 1_000_000;
                    lapStart = written;
                    lap.Restart();
                }
            }
            await producer;
        }
        // The pool holds connections open; closing the last one checkpoints the WAL into the main file.
        SqliteConnection.ClearAllPools();
        clock.Stop();
        if (File.Exists(partial + "-wal")) throw new InvalidOperationException($"{partial}-wal is still there after closing every connection.");
        File.Move(partial, path);
        Console.WriteLine($"Seeded {written:N0} ratings in {clock.Elapsed.TotalSeconds:F0} s: {written / clock.Elapsed.TotalSeconds:N0} ratings/s, " +
            $"batches of {BatchSize:N0}; file {new FileInfo(path).Length / 1e6:N0} MB");
    }
}
