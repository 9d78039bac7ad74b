using ParSurvey.SurveyApi.Jobs;

namespace ParSurvey.SurveyApi.Reports;

public static class ReportsServices
{
    /// <summary>Reports: their options (schedule, archived formats, the official document's fonts), the builder, the archive and the jobs.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.ArchiveFormats.All(f => ReportFormats.All.Contains(f)), "ParSurvey:Reports:ArchiveFormats takes xlsx, csv, html, json")
            .ValidateOnStart();
        services.AddOptions<OfficialDocumentOptions>().BindConfiguration(OfficialDocumentOptions.Section).ValidateDataAnnotations()
            .Validate(o => File.Exists(Path.Combine(o.FontDirectory, "DejaVuSerif.ttf")),
                "ParSurvey:Reports:Document:FontDirectory needs DejaVuSerif.ttf (Debian: apt-get install fonts-dejavu-core)")
            .ValidateOnStart();
        services.AddSingleton<IDocumentHeaders, ConfiguredDocumentHeaders>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<ReportArchiveService>();
        services.AddSingleton<ReportJobRunner>();
        services.AddTransient<MonthlyReportJob>();
        services.AddTransient<CchcReportJob>();
        services.AddTransient<ReportArchiveJob>();
        // The schedule goes onto Hangfire before its server starts (AddJobs comes after).
        services.AddHostedService<ReportSchedule>();
        services.AddJobs();
        return services;
    }
}
