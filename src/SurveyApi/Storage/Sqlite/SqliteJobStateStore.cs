using Microsoft.Data.Sqlite;
using static ParSurvey.SurveyApi.Storage.Sqlite.SqliteDatabase;

namespace ParSurvey.SurveyApi.Storage.Sqlite;

public sealed class SqliteJobStateStore(SqliteDatabase database) : IJobStateStore
{
    public async Task AddAsync(JobState job, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO job_states (id, period_key, state, done, total, error, started_at)
            VALUES ($id, $period, $state, $done, $total, $error, $started);
            """;
        Bind(command, job);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UpdateAsync(JobState job, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE job_states SET state = $state, done = $done, total = $total, error = $error WHERE id = $id;";
        Bind(command, job);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<JobState?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, period_key, state, done, total, error, started_at FROM job_states WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken)
            ? new JobState(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4), StringOrNull(r, 5), ParseInstant(r.GetString(6)))
            : null;
    }

    private static void Bind(SqliteCommand command, JobState job)
    {
        command.Parameters.AddWithValue("$id", job.Id.ToString("D"));
        command.Parameters.AddWithValue("$period", job.PeriodKey);
        command.Parameters.AddWithValue("$state", job.State);
        command.Parameters.AddWithValue("$done", job.Done);
        command.Parameters.AddWithValue("$total", job.Total);
        command.Parameters.AddWithValue("$error", (object?)job.Error ?? DBNull.Value);
        command.Parameters.AddWithValue("$started", InstantText(job.StartedAt));
    }
}
