using System.Diagnostics;
using System.Globalization;
using ParSurvey.Analytics;
using ParSurvey.Analytics.Reports;
using ParSurvey.SurveyApi.Reports;

namespace ParSurvey.Benchmarks.Reports;

/// <summary>Times one report (build, then each format) a number of times after a warm-up, and prints min/median/max per step.</summary>
public sealed class ReportTimings(ReportService reports, TimedStore store, int repetitions, int warmUps)
{
    private static readonly string[] Steps = ["build", .. ReportFormats.Archived];

    public async Task<ReportDocument> RunAsync(string name, ReportPeriod period)
    {
        Console.WriteLine();
        Console.WriteLine($"{name}: {period.Key} ({period.From:yyyy-MM-dd} – {period.To:yyyy-MM-dd}), city-wide, {repetitions} repetitions after {warmUps} warm-up calls");
        var (warmDocument, first) = await OnceAsync(period);
        Console.WriteLine($"  first call: {string.Join(", ", Steps.Select(s => $"{s} {first.Ms[s]:F0} ms"))}, total {first.Ms["total"]:F0} ms");
        // Several calls: with tiered JIT the xlsx writer ran 2–3× slower for the first few calls (measured: 3 warm-ups
        // left the monthly xlsx at ~350 ms, 15 brought it to the ~180 ms of the later, identical yearly workbooks).
        for (var i = 1; i < warmUps; i++) await OnceAsync(period);

        var runs = new List<Run>();
        ReportDocument document = warmDocument;
        for (var i = 0; i < repetitions; i++)
        {
            (document, var run) = await OnceAsync(period);
            runs.Add(run);
        }

        Console.WriteLine($"  {"step",-7} {"min ms",9} {"median ms",10} {"max ms",9} {"alloc MB",9} {"output",10}");
        foreach (var step in Steps.Append("total"))
        {
            var ms = runs.Select(r => r.Ms[step]).Order().ToArray();
            var alloc = runs.Select(r => r.Allocated[step]).Order().ToArray()[ms.Length / 2];
            var size = step is "build" or "total" ? "" : Size(runs[^1].Bytes[step]);
            Console.WriteLine($"  {step,-7} {ms[0],9:F1} {Median(ms),10:F1} {ms[^1],9:F1} {alloc / 1e6,9:F1} {size,10}");
        }
        // Where the build's time goes: each store query (median over the repetitions), the rest is C# in ReportService.
        var queries = runs[0].Queries.Select((q, i) => (q.Query, Ms: Median(runs.Select(r => r.Queries[i].Ms).Order().ToArray()))).ToArray();
        Console.WriteLine($"  build = {string.Join(" + ", queries.Select(q => $"{q.Query} {q.Ms:F1} ms"))} + the rest " +
            $"{Median(runs.Select(r => r.Ms["build"] - r.Queries.Sum(q => q.Ms)).Order().ToArray()):F1} ms (medians)");
        Console.WriteLine($"  rows: {document.Fields.Count} fields, {document.Units.Count + document.UnitsTooFewToRank.Count} units, " +
            $"{document.Reasons.Count} reason rows, {document.Comments.Count:N0} comments, {document.Trend.Count} trend rows; " +
            $"total {document.Summary.Current.Total:N0}, rate {document.Summary.Current.Rate:P2}");
        return document;
    }

    private sealed record Run(Dictionary<string, double> Ms, Dictionary<string, long> Allocated, Dictionary<string, long> Bytes,
        IReadOnlyList<(string Query, double Ms)> Queries);

    private async Task<(ReportDocument, Run)> OnceAsync(ReportPeriod period)
    {
        store.TakeCalls();
        var clock = Stopwatch.StartNew();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var document = await reports.BuildAsync(period, null, CancellationToken.None);
        var run = new Run([], [], [], store.TakeCalls());
        Record(run, "build", clock, ref allocated);
        foreach (var format in ReportFormats.Archived)
        {
            clock.Restart();
            var rendered = ReportFormats.Render(document, format);
            run.Bytes[format] = rendered.Content.Length;
            Record(run, format, clock, ref allocated);
        }
        run.Ms["total"] = Steps.Sum(s => run.Ms[s]);
        run.Allocated["total"] = Steps.Sum(s => run.Allocated[s]);
        return (document, run);
    }

    private static void Record(Run run, string step, Stopwatch clock, ref long allocated)
    {
        run.Ms[step] = clock.Elapsed.TotalMilliseconds;
        var now = GC.GetTotalAllocatedBytes(precise: true);
        run.Allocated[step] = now - allocated;
        allocated = now;
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    private static string Size(long bytes) => bytes >= 1_000_000
        ? (bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture) + " MB"
        : (bytes / 1e3).ToString("F0", CultureInfo.InvariantCulture) + " kB";
}
