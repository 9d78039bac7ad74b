using System.ComponentModel.DataAnnotations;

namespace ParSurvey.SurveyApi.Jobs;

/// <summary>Background jobs ("ParSurvey:Jobs").</summary>
public sealed class JobsOptions
{
    public const string Section = "ParSurvey:Jobs";

    /// <summary>Jobs run at the same time in this process: archiving is the heaviest work and should not crowd out ingest.</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>How often the schedule is looked at: a scheduled job starts at most this late.</summary>
    [Range(1, 3600)]
    public int PollingSeconds { get; set; } = 15;
}
