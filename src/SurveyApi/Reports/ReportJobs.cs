using Hangfire;
using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>On the 1st at 06:00 (Vietnam): last month's reports for the city and every unit, into the archive.</summary>
public sealed class MonthlyReportJob(ReportArchiveService archive, TimeProvider clock, IOptions<ReportOptions> options)
{
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = VietnamTime.Today(clock);
        var previous = ReportPeriod.Month(today.Year, today.Month).Previous();
        await archive.ArchiveAllAsync(previous, options.Value.ArchiveFormats, "schedule", null, cancellationToken);
    }
}

/// <summary>The morning after a CCHC window ends: that window's reports, into the archive.</summary>
public sealed class CchcReportJob(ReportArchiveService archive, TimeProvider clock, IOptions<ReportOptions> options, CchcPreset preset)
{
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var yesterday = VietnamTime.Today(clock).AddDays(-1);
        // Every window of reporting year Y ends within calendar year Y (both presets end their year by 14 December).
        var year = yesterday.Year;
        foreach (var window in preset.WindowsOf(year))
            if (window.To == yesterday)
                await archive.ArchiveAllAsync(window, options.Value.ArchiveFormats, "schedule", null, cancellationToken);
    }
}

/// <summary>Puts the report schedule (Vietnam time) on Hangfire at start-up; a cron Hangfire cannot read stops the server, naming the setting.</summary>
public sealed class ReportSchedule(IRecurringJobManager recurring, IOptions<ReportOptions> options) : IHostedService
{
    public const string Monthly = "monthly-reports", Cchc = "cchc-reports";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var vietnam = new RecurringJobOptions { TimeZone = VietnamTime.Zone };
        Add(() => recurring.AddOrUpdate<MonthlyReportJob>(Monthly, j => j.RunAsync(CancellationToken.None), options.Value.MonthlyCron, vietnam),
            "MonthlyCron", options.Value.MonthlyCron);
        Add(() => recurring.AddOrUpdate<CchcReportJob>(Cchc, j => j.RunAsync(CancellationToken.None), options.Value.EffectiveCchcCron, vietnam),
            "CchcCron", options.Value.EffectiveCchcCron);
        return Task.CompletedTask;
    }

    private static void Add(Action schedule, string setting, string cron)
    {
        try
        {
            schedule();
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException(ReportOptions.Section, typeof(ReportOptions),
                [$"ParSurvey:Reports:{setting} '{cron}' is not a cron expression (minute hour day month weekday, or with seconds first, e.g. \"0 0 6 1 * ?\"): {e.Message}"]);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// On-demand archiving as a Hangfire job. Its progress is kept in the store (<see cref="IJobStateStore"/>), so whichever
/// server process a reporter asks answers the same.
/// </summary>
public sealed class ReportJobRunner(IBackgroundJobClient jobs, IJobStateStore states, TimeProvider clock)
{
    public Task<JobState?> FindAsync(Guid id, CancellationToken ct) => states.FindAsync(id, ct);

    public async Task<JobState> StartAsync(ReportPeriod period, IReadOnlyList<string> formats, string actor, CancellationToken ct)
    {
        var job = new JobState(Guid.NewGuid(), period.Key, "running", 0, 0, null, clock.GetUtcNow());
        await states.AddAsync(job, ct);
        var formatList = formats.ToArray();
        jobs.Enqueue<ReportArchiveJob>(j => j.RunAsync(job.Id, formatList, actor, CancellationToken.None));
        return job;
    }
}

public sealed class ReportArchiveJob(ReportArchiveService archive, IJobStateStore states, CchcPreset preset, ILogger<ReportArchiveJob> logger)
{
    /// <summary>Not retried: a failed job says so, and the reporter starts it again (what is archived stays archived).</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid jobId, string[] formats, string actor, CancellationToken cancellationToken)
    {
        if (await states.FindAsync(jobId, cancellationToken) is not { } job || !ReportPeriod.TryParse(job.PeriodKey, preset, out var period))
        {
            logger.LogError("Report job {Job} is not in the store; nothing archived", jobId);
            return;
        }
        try
        {
            var total = await archive.ArchiveAllAsync(period, formats, actor,
                (done, of) => states.UpdateAsync(job with { Done = done, Total = of }, CancellationToken.None), cancellationToken);
            await states.UpdateAsync(job with { State = "done", Done = total, Total = total }, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Report job {Job} for {Period} failed", job.Id, job.PeriodKey);
            await states.UpdateAsync(job with { State = "failed", Error = e.Message }, CancellationToken.None);
        }
    }
}
