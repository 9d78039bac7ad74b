namespace ParSurvey.SurveyApi.Storage;

/// <summary>A background job's progress, as a reporter watches it: kept in the store, so any server process can answer for it.</summary>
/// <param name="State">running, done or failed.</param>
public sealed record JobState(Guid Id, string PeriodKey, string State, int Done, int Total, string? Error, DateTimeOffset StartedAt);

/// <summary>The progress of report jobs (the jobs themselves run on Hangfire, whose storage is its own).</summary>
public interface IJobStateStore
{
    Task AddAsync(JobState job, CancellationToken cancellationToken = default);

    /// <summary>Replaces the job's state, done, total and error.</summary>
    Task UpdateAsync(JobState job, CancellationToken cancellationToken = default);

    Task<JobState?> FindAsync(Guid id, CancellationToken cancellationToken = default);
}
