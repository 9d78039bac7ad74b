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

    /// <summary>The CCHC window that ended yesterday. Empty (the default): the morning after the preset's windows end —
    /// 06:00 on 1 March, 1 June, 1 September and 1 December for q11-2022; on the 15th of March, June, September and
    /// December for nd09-2019.</summary>
    public string CchcCron { get; set; } = "";

    /// <summary>Which CCHC windows the city reports on: <c>q11-2022</c> (Kế hoạch 19/KH-UBND, the default, today's
    /// behaviour) or <c>nd09-2019</c> (Nghị định 09/2019/NĐ-CP). See <see cref="ParSurvey.Analytics.CchcPreset"/>.</summary>
    [Required]
    public string CchcPreset { get; set; } = ParSurvey.Analytics.CchcPreset.Default.Id;

    /// <summary>The cron that archives CCHC windows: <see cref="CchcCron"/> when set, else the preset's mornings-after.</summary>
    public string EffectiveCchcCron => !string.IsNullOrWhiteSpace(CchcCron) ? CchcCron
        : string.Equals(CchcPreset, ParSurvey.Analytics.CchcPreset.Nd09Id, StringComparison.OrdinalIgnoreCase) ? "0 0 6 15 3,6,9,12 ?" : "0 0 6 1 3,6,9,12 ?";

    /// <summary>Formats archived for every unit and the city.</summary>
    public string[] ArchiveFormats { get; set; } = ["xlsx", "csv", "html", "json"];
}
