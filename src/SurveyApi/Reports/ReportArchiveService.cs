using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>
/// Archives reports: files under data/reports/&lt;period&gt;/, an index entry in the store. Idempotent per
/// (unit, period, format): asking again gives the archived file as it was, even if ratings arrived since.
/// </summary>
public sealed class ReportArchiveService(ReportService reports, IReportArchive archive, CatalogProvider catalogs, TimeProvider clock,
    IOptions<ParSurveyOptions> options, ILogger<ReportArchiveService> logger)
{
    public const string City = "*";
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string FolderOf(ArchivedReport report) => SafePath.Under(options.Value.DataDirectoryFullPath, "reports", report.PeriodKey);

    public string PathOf(ArchivedReport report) => SafePath.Under(FolderOf(report), report.FileName);

    public async Task<IReadOnlyList<ArchivedReport>> EnsureAsync(ReportPeriod period, string? unitId, IEnumerable<string> formats, string actor, CancellationToken ct)
    {
        var results = new List<ArchivedReport>();
        Analytics.Reports.ReportDocument? document = null;
        await _gate.WaitAsync(ct);
        try
        {
            foreach (var format in formats)
            {
                var key = unitId ?? City;
                if (await archive.FindAsync(key, period.Key, format, ct) is { } existing)
                {
                    results.Add(existing);
                    continue;
                }
                document ??= await reports.BuildAsync(period, unitId, ct);
                var rendered = ReportFormats.Render(document, format);
                var entry = new ArchivedReport(Guid.NewGuid(), key, period.Key, format,
                    $"{(unitId ?? "thanh-pho")}.{rendered.Extension}", Convert.ToHexStringLower(SHA256.HashData(rendered.Content)),
                    rendered.Content.Length, clock.GetUtcNow(), actor);
                PrivateFiles.CreateFolder(FolderOf(entry));
                var temporary = PathOf(entry) + ".tmp";
                await PrivateFiles.WriteAllBytesAsync(temporary, rendered.Content, ct);
                File.Move(temporary, PathOf(entry), overwrite: true);
                await archive.AddAsync(entry, ct);
                results.Add(entry);
            }
        }
        finally
        {
            _gate.Release();
        }
        return results;
    }

    /// <summary>The city and every unit, in every archived format: what the scheduled jobs do.</summary>
    /// <param name="progress">Told after each unit: how many are done, of how many.</param>
    public async Task<int> ArchiveAllAsync(ReportPeriod period, IReadOnlyList<string> formats, string actor, Func<int, int, Task>? progress, CancellationToken ct)
    {
        var scopes = new List<string?> { null };
        scopes.AddRange(catalogs.Current.Units.Select(u => u.Id));
        var done = 0;
        foreach (var unit in scopes)
        {
            await EnsureAsync(period, unit, formats, actor, ct);
            done++;
            if (progress is not null) await progress(done, scopes.Count);
        }
        logger.LogInformation("Archived {Period} for the city and {Units} units in {Formats}", period.Key, scopes.Count - 1, string.Join(", ", formats));
        return scopes.Count;
    }
}
