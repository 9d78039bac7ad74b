using System.ComponentModel.DataAnnotations;

namespace ParSurvey.SurveyApi.Reports;

/// <summary>Scheduled reports ("ParSurvey:Reports"). Cron expressions (five fields, or six with seconds first; <c>?</c> as in
/// Quartz is accepted) are read in Asia/Ho_Chi_Minh time by Hangfire.</summary>
public sealed class ReportOptions
{
    public const string Section = "ParSurvey:Reports";

    /// <summary>The previous month's reports: 06:00 on the 1st.</summary>
    [Required]
    public string MonthlyCron { get; set; } = "0 0 6 1 * ?";

    /// <summary>The CCHC window that ended yesterday: 06:00 on 1 March, 1 June, 1 September and 1 December.</summary>
    [Required]
    public string CchcCron { get; set; } = "0 0 6 1 3,6,9,12 ?";

    /// <summary>Formats archived for every unit and the city.</summary>
    public string[] ArchiveFormats { get; set; } = ["xlsx", "csv", "html", "json"];
}
