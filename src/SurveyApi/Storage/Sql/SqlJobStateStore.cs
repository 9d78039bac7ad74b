namespace ParSurvey.SurveyApi.Storage.Sql;

public class SqlJobStateStore(SqlDialect d) : IJobStateStore
{
    public Task AddAsync(JobState job, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("INSERT INTO job_states (id, period_key, state, done, total, error, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7);",
            cancellationToken, job.Id, job.PeriodKey, job.State, job.Done, job.Total, job.Error, job.StartedAt);

    public Task UpdateAsync(JobState job, CancellationToken cancellationToken = default) =>
        d.ExecuteAsync("UPDATE job_states SET state = $2, done = $3, total = $4, error = $5 WHERE id = $1;",
            cancellationToken, job.Id, job.State, job.Done, job.Total, job.Error);

    public async Task<JobState?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await d.QueryAsync("SELECT id, period_key, state, done, total, error, started_at FROM job_states WHERE id = $1;",
            r => new JobState(d.Uuid(r, 0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), SqlDialect.TextOrNull(r, 5), d.Instant(r, 6)),
            cancellationToken, id)).SingleOrDefault();
}
