using Microsoft.Extensions.Options;
using ParSurvey.Analytics;
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
            .Validate(o => CchcPreset.Find(o.CchcPreset) is not null,
                $"ParSurvey:Reports:CchcPreset takes {string.Join(" or ", CchcPreset.All.Select(p => p.Id))} (Kế hoạch 19/KH-UBND or Nghị định 09/2019/NĐ-CP)")
            .ValidateOnStart();
        services.AddOptions<OfficialDocumentOptions>().BindConfiguration(OfficialDocumentOptions.Section).ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OfficialDocumentOptions>, DocumentFontValidation>();
        services.AddSingleton<OfficialDocuments>();
        // Each unit issues under its own header (the catalog's units[].document, inherited item by item), the city under the configured one.
        services.AddSingleton<IDocumentHeaders, CatalogDocumentHeaders>();
        // The city's CCHC windows: every page and job that cuts a CCHC period asks for this one preset.
        services.AddSingleton(sp => CchcPreset.Find(sp.GetRequiredService<IOptions<ReportOptions>>().Value.CchcPreset)!);
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
