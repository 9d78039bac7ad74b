// Report benchmark: a synthetic city-year of ratings, the city-wide monthly and yearly reports in every format.
//   ReportBench [all|seed|measure] [--db PATH | --postgres CONNECTION] [--ratings N] [--reps N] [--warmup N] [--cold]
// "seed" creates the database unless it exists; "measure" times the reports on it; "all" does both in one process
// (then the peak working set includes seeding). tests/Benchmarks/reports.sh runs the two in separate processes.
// --cold drops the database file from the OS page cache first, so the monthly report's first call reads from disk (SQLite).
// --postgres puts the year into its own database (parsurvey_reportbench_N) on that server instead of a SQLite file.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.Benchmarks.Reports;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Reports;
using ParSurvey.SurveyApi.Satisfaction;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Sqlite;

var mode = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
var total = long.Parse(Option("--ratings") ?? Environment.GetEnvironmentVariable("PARSURVEY_BENCH_RATINGS") ?? "10000000", CultureInfo.InvariantCulture);
var repetitions = int.Parse(Option("--reps") ?? "5", CultureInfo.InvariantCulture);
var warmUps = int.Parse(Option("--warmup") ?? "10", CultureInfo.InvariantCulture);
var path = Path.GetFullPath(Option("--db") ?? Environment.GetEnvironmentVariable("PARSURVEY_BENCH_DB")
    ?? Path.Combine(Path.GetTempPath(), "parsurvey-reportbench", $"ratings-{total}.db"));
var postgres = Option("--postgres") ?? Environment.GetEnvironmentVariable("PARSURVEY_BENCH_POSTGRES");
if (mode is not ("all" or "seed" or "measure"))
{
    Console.Error.WriteLine("usage: ReportBench [all|seed|measure] [--db PATH | --postgres CONNECTION] [--ratings N] [--reps N] [--warmup N] [--cold]");
    return 2;
}
BenchDatabase database = postgres is null ? new SqliteBenchDatabase(path) : new PostgresBenchDatabase(postgres, total);

// The bundled demo catalog (30 counters, 10 fields, 9 units): an empty folder as data directory holds no uploaded one.
var dataDirectory = Path.Combine(Path.GetTempPath(), "parsurvey-reportbench", "catalog-dir");
Directory.CreateDirectory(dataDirectory);
var catalogs = new CatalogProvider(Options.Create(new ParSurveyOptions { DataDirectory = dataDirectory }));
var catalog = catalogs.Current;

Console.WriteLine($"Machine: {Environment.ProcessorCount} CPUs, {CpuModel()}, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9:F0} GB; " +
    $"load average {File.ReadAllText("/proc/loadavg").Trim()}; .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}");
Console.WriteLine($"Catalog: {catalog.Name}: {catalog.Counters.Count} counters, {catalog.Fields.Count} fields, {catalog.Units.Count} units, {catalog.Reasons.Count} reasons");

if (mode is "all" or "seed")
{
    if (await database.ExistsAsync()) Console.WriteLine($"Database {database.Describe} exists: not seeding (delete it to seed again).");
    else await Seeder.SeedAsync(database, total, catalog);
}
if (mode == "seed") return 0;
if (!await database.ExistsAsync())
{
    Console.Error.WriteLine($"No database {database.Describe}: run \"ReportBench seed\" first.");
    return 1;
}

var (store, feedback) = await database.OpenAsync();
var clock = Stopwatch.StartNew();
var count = await store.CountAsync();
Console.WriteLine($"Database: {database.Describe}, {count:N0} ratings (counted in {clock.Elapsed.TotalSeconds:F1} s)");
Console.WriteLine($"  {await database.DetailsAsync()}");

if (args.Contains("--cold") && database is SqliteBenchDatabase)
{
    SqliteConnection.ClearAllPools();
    Console.WriteLine($"Dropped {PageCache.Evict(path) / 1e6:N0} MB from the OS page cache: the first call below reads from disk.");
}
var timedStore = new TimedStore(store);
var reports = new ReportService(timedStore, catalogs, new AnalyticsOptions().ToPolicy(), TimeProvider.System, feedback);
var timings = new ReportTimings(reports, timedStore, repetitions, warmUps);
var month = ReportPeriod.Month(SyntheticYear.Year, 10);
var monthReport = await timings.RunAsync("Monthly report", month);
Memory("after the monthly report");
await timings.RunAsync("Yearly report (calendar year)", ReportPeriod.OfYear(SyntheticYear.Year));
await timings.RunAsync("Yearly report (CCHC year, 15 Dec – 30 Nov)", ReportPeriod.CchcYear(SyntheticYear.Year));
Memory("after the yearly reports");

Console.WriteLine();
Console.WriteLine("Agreement of the roll-ups with the ratings table:");
var agree = await AgreementCheck.RunAsync(database, store, month, monthReport);
Console.WriteLine(agree ? "Roll-ups and raw rows agree exactly." : "Roll-ups and raw rows DIFFER.");
Console.WriteLine($"Load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
return agree ? 0 : 1;

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

static void Memory(string when)
{
    using var process = Process.GetCurrentProcess();
    var gc = GC.GetGCMemoryInfo();
    Console.WriteLine($"Memory {when}: peak working set {process.PeakWorkingSet64 / 1e6:N0} MB (now {process.WorkingSet64 / 1e6:N0} MB); " +
        $"GC heap {gc.HeapSizeBytes / 1e6:N0} MB, committed {gc.TotalCommittedBytes / 1e6:N0} MB; allocated since start {GC.GetTotalAllocatedBytes() / 1e6:N0} MB; " +
        $"collections gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
}

static string CpuModel() =>
    File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
