using System.Diagnostics;
using System.Threading.Channels;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.Benchmarks.Reports;

/// <summary>
/// Fills a database through the product's own write path (the store's <see cref="IRatingStore.AppendAsync"/>), so the
/// daily roll-ups are maintained exactly as in production (same transaction; SQLite: WAL, synchronous=FULL; PostgreSQL:
/// synchronous_commit on). Nothing is tuned.
/// </summary>
public static class Seeder
{
    public const int BatchSize = 20_000;

    /// <summary>Seeds where the finished database is not yet visible and publishes it when complete, so an interrupted run never leaves a half database behind.</summary>
    public static async Task SeedAsync(BenchDatabase database, long total, SurveyCatalog catalog)
    {
        var year = new SyntheticYear(catalog, total);
        Console.WriteLine($"Seeding {total:N0} ratings over {catalog.Counters.Count} counters into {database.Describe}");
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
        var store = await database.OpenPartialAsync();
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
        await database.PublishAsync(store);
        clock.Stop();
        Console.WriteLine($"Seeded {written:N0} ratings in {clock.Elapsed.TotalSeconds:F0} s: {written / clock.Elapsed.TotalSeconds:N0} ratings/s, " +
            $"batches of {BatchSize:N0}; {await database.DetailsAsync()}");
    }
}
