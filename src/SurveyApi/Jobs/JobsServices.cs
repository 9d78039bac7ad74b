using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;
using Npgsql;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Storage.Postgres;

namespace ParSurvey.SurveyApi.Jobs;

public static class JobsServices
{
    /// <summary>
    /// Background jobs on Hangfire (the report schedule and on-demand archiving): its storage, chosen in
    /// <see cref="JobStorages"/>, and one processing server in this process.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Hangfire keeps its storage and job activator in static defaults; registered here first, each app (tests run
        // several in one process) has its own, so one app's server never runs another's jobs with its services.
        services.AddSingleton(JobStorages.Create);
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings().UseLogProvider(new JobsLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        services.AddHangfireServer((sp, o) =>
        {
            var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            o.WorkerCount = options.WorkerCount;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(options.PollingSeconds);
            o.ServerName = "parsurvey:" + Environment.ProcessId;
        });
        // Hangfire's hosted server throws when the host's shutdown time has run out before it stopped (a slow shutdown
        // elsewhere, such as Kestrel waiting for a board's socket); the host then fails to stop. Told to stop, it ends
        // with the process anyway, as Quartz's did.
        var server = services.Last(d => d.ServiceType == typeof(IHostedService));
        services.Remove(server);
        services.AddTransient<IHostedService>(sp => new StopsQuietly((IHostedService)server.ImplementationFactory!(sp)));
        return services;
    }

    private sealed class StopsQuietly(IHostedService inner) : IHostedService, IDisposable
    {
        public Task StartAsync(CancellationToken cancellationToken) => inner.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            try
            {
                await inner.StopAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }
}

/// <summary>
/// Where Hangfire keeps its queues, schedules and locks, the one place that chooses it: in memory with SQLite (one server
/// process; the schedule is set again at every start, and what a job produced is in our own store), and with PostgreSQL
/// in the same database as the data, in a schema of its own (<see cref="PostgresSchema"/>), so that several server
/// processes share one queue, one schedule and Hangfire's distributed locks: a scheduled run is started by one of them,
/// and a job marked [DisableConcurrentExecution] runs in one process at a time.
/// </summary>
public static class JobStorages
{
    public const string PostgresSchema = "hangfire";

    // Any constant: the advisory lock held while Hangfire installs or upgrades its schema, so that servers starting
    // together do not run its install scripts at the same time.
    private const long InstallLockKey = 0x5061_7253_7276_7902;

    public static JobStorage Create(IServiceProvider services)
    {
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (!storage.IsPostgres) return new InMemoryStorage(new InMemoryStorageOptions());
        var jobs = services.GetRequiredService<IOptions<JobsOptions>>().Value;
        var database = services.GetRequiredService<PostgresDatabase>();
        // Our own schema first: a server that cannot be reached stops the start with the message naming the setting.
        database.EnsureSchemaAsync().GetAwaiter().GetResult();
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = PostgresSchema,
            PrepareSchemaIfNecessary = true,
            // LISTEN/NOTIFY: an enqueued job is picked up at once, not at the next poll.
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(jobs.PollingSeconds),
        };
        using var connection = database.DataSource.OpenConnection();
        using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({InstallLockKey});", connection)) take.ExecuteNonQuery();
        try
        {
            // Hangfire's own connections (not our pool): it enlists them in its transactions itself.
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(storage.ConnectionString!, options), options);
        }
        finally
        {
            using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({InstallLockKey});", connection);
            release.ExecuteNonQuery();
        }
    }
}
