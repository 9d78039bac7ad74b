using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;

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
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>().Value;
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
/// Where Hangfire keeps its queues and schedules: in memory by default (one server process; the schedule is set again at
/// every start, and what a job produced is in our own store). The one place to add a shared storage for several processes.
/// </summary>
public static class JobStorages
{
    public static JobStorage Create(IServiceProvider services) => new InMemoryStorage(new InMemoryStorageOptions());
}
