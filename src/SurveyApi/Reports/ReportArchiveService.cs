using System.Security.Cryptography;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>
/// Archives reports into the store (index entry and file together), so any server process serves them. Idempotent per
/// (unit, period, format): asking again gives the archived file as it was, even if ratings arrived since; when several
/// processes archive the same report at once, the store keeps the first and the others answer with it.
/// </summary>
public sealed class ReportArchiveService(ReportService reports, IReportArchive archive, CatalogProvider catalogs, TimeProvider clock,
    Documents.OfficialDocuments official, ILogger<ReportArchiveService> logger)
{
    public const string City = "*";
    private readonly SemaphoreSlim _gate = new(1, 1);

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
                var rendered = ReportFormats.Render(document, format, official);
                var entry = new ArchivedReport(Guid.NewGuid(), key, period.Key, format,
                    $"{(unitId ?? "thanh-pho")}.{rendered.Extension}", Convert.ToHexStringLower(SHA256.HashData(rendered.Content)),
                    rendered.Content.Length, clock.GetUtcNow(), actor);
                if (!await archive.AddAsync(entry, rendered.Content, ct))
                    entry = await archive.FindAsync(key, period.Key, format, ct)
                            ?? throw new InvalidOperationException($"The archive refused {key} {period.Key} {format} but does not hold it");
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
