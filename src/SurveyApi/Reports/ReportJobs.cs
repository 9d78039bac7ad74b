using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using Quartz;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>On the 1st at 06:00 (Vietnam): last month's reports for the city and every unit, into the archive.</summary>
[DisallowConcurrentExecution]
public sealed class MonthlyReportJob(ReportArchiveService archive, TimeProvider clock, IOptions<ReportOptions> options) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var today = VietnamTime.Today(clock);
        var previous = ReportPeriod.Month(today.Year, today.Month).Previous();
        await archive.ArchiveAllAsync(previous, options.Value.ArchiveFormats, "schedule", null, cancellationToken);
    }
}

/// <summary>The morning after a CCHC window ends: that window's reports, into the archive.</summary>
[DisallowConcurrentExecution]
public sealed class CchcReportJob(ReportArchiveService archive, TimeProvider clock, IOptions<ReportOptions> options) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var yesterday = VietnamTime.Today(clock).AddDays(-1);
        // Every window of reporting year Y ends within calendar year Y (February, May, August, November).
        var year = yesterday.Year;
        foreach (var window in new[] { ReportPeriod.CchcQ1(year), ReportPeriod.CchcHalfYear(year), ReportPeriod.CchcQ3(year), ReportPeriod.CchcYear(year) })
            if (window.To == yesterday)
                await archive.ArchiveAllAsync(window, options.Value.ArchiveFormats, "schedule", null, cancellationToken);
    }
}

public sealed record ReportJobStatus(Guid Id, string PeriodKey, string State, int Done, int Total, string? Error, DateTimeOffset StartedAt);

/// <summary>On-demand archiving in the background, with progress a reporter can watch.</summary>
public sealed class ReportJobRunner(ReportArchiveService archive, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<ReportJobRunner> logger)
{
    private readonly ConcurrentDictionary<Guid, ReportJobStatus> _jobs = new();

    public ReportJobStatus? Find(Guid id) => _jobs.GetValueOrDefault(id);

    public ReportJobStatus Start(ReportPeriod period, IReadOnlyList<string> formats, string actor)
    {
        var job = new ReportJobStatus(Guid.NewGuid(), period.Key, "running", 0, 0, null, clock.GetUtcNow());
        _jobs[job.Id] = job;
        _ = Task.Run(async () =>
        {
            try
            {
                var progress = new Progress<(int Done, int Total)>(p => _jobs[job.Id] = _jobs[job.Id] with { Done = p.Done, Total = p.Total });
                var total = await archive.ArchiveAllAsync(period, formats, actor, progress, lifetime.ApplicationStopping);
                _jobs[job.Id] = _jobs[job.Id] with { State = "done", Done = total, Total = total };
            }
            catch (Exception e)
            {
                logger.LogError(e, "Report job {Job} for {Period} failed", job.Id, period.Key);
                _jobs[job.Id] = _jobs[job.Id] with { State = "failed", Error = e.Message };
            }
        });
        return job;
    }
}
