using static ParSurvey.SurveyApi.Storage.Postgres.PostgresDatabase;

namespace ParSurvey.SurveyApi.Storage.Postgres;

public sealed class PostgresJobStateStore(PostgresDatabase database) : IJobStateStore
{
    public Task AddAsync(JobState job, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("INSERT INTO job_states (id, period_key, state, done, total, error, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7);",
            cancellationToken, job.Id, job.PeriodKey, job.State, job.Done, job.Total, job.Error, job.StartedAt);

    public Task UpdateAsync(JobState job, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE job_states SET state = $2, done = $3, total = $4, error = $5 WHERE id = $1;",
            cancellationToken, job.Id, job.State, job.Done, job.Total, job.Error);

    public async Task<JobState?> FindAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync("SELECT id, period_key, state, done, total, error, started_at FROM job_states WHERE id = $1;",
            r => new JobState(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), StringOrNull(r, 5), Instant(r, 6)),
            cancellationToken, id)).SingleOrDefault();
}
