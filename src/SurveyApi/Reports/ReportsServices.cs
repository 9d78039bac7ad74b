using Quartz;

namespace ParSurvey.SurveyApi.Reports;

public static class ReportsServices
{
    /// <summary>Reports: their options (schedule, archived formats, the official document's fonts), the builder, the archive and the jobs.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section).ValidateDataAnnotations()
            .Validate(o => ValidCron(o.MonthlyCron) && ValidCron(o.CchcCron),
                "ParSurvey:Reports:MonthlyCron and CchcCron must be Quartz cron expressions, e.g. \"0 0 6 1 * ?\"")
            .Validate(o => o.ArchiveFormats.All(f => ReportFormats.All.Contains(f)), "ParSurvey:Reports:ArchiveFormats takes xlsx, csv, html, json")
            .ValidateOnStart();
        services.AddOptions<OfficialDocumentOptions>().BindConfiguration(OfficialDocumentOptions.Section).ValidateDataAnnotations()
            .Validate(o => File.Exists(Path.Combine(o.FontDirectory, "DejaVuSerif.ttf")),
                "ParSurvey:Reports:Document:FontDirectory needs DejaVuSerif.ttf (Debian: apt-get install fonts-dejavu-core)")
            .ValidateOnStart();
        services.AddSingleton<ReportService>();
        services.AddSingleton<ReportArchiveService>();
        services.AddSingleton<ReportJobRunner>();
        var reportOptions = configuration.GetSection(ReportOptions.Section).Get<ReportOptions>() ?? new ReportOptions();
        services.AddQuartz(q =>
        {
            q.ScheduleJob<MonthlyReportJob>(t => t.WithIdentity("monthly-reports")
                .WithCronSchedule(reportOptions.MonthlyCron, c => c.InTimeZone(ParSurvey.Analytics.VietnamTime.Zone)));
            q.ScheduleJob<CchcReportJob>(t => t.WithIdentity("cchc-reports")
                .WithCronSchedule(reportOptions.CchcCron, c => c.InTimeZone(ParSurvey.Analytics.VietnamTime.Zone)));
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    private static bool ValidCron(string expression) => CronExpression.TryParse(expression, out _);
}
