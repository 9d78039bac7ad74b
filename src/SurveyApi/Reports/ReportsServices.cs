using Microsoft.Extensions.Options;
using ParSurvey.SurveyApi.Jobs;
using ParSurvey.SurveyApi.Reports.Documents;

namespace ParSurvey.SurveyApi.Reports;

public static class ReportsServices
{
    /// <summary>Reports: their options (schedule, archived formats, the official document's fonts), the builder, the archive and the jobs.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.ArchiveFormats.All(f => ReportFormats.All.Contains(f)), $"ParSurvey:Reports:ArchiveFormats takes {ReportFormats.List}")
            .ValidateOnStart();
        services.AddOptions<OfficialDocumentOptions>().BindConfiguration(OfficialDocumentOptions.Section).ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OfficialDocumentOptions>, DocumentFontValidation>();
        services.AddSingleton<OfficialDocuments>();
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
