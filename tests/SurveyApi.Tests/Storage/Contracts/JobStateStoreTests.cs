using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using static ParSurvey.SurveyApi.Tests.Storage.Contracts.AdapterStores;

namespace ParSurvey.SurveyApi.Tests.Storage.Contracts;

/// <summary>IJobStateStore, the same behaviour on every adapter.</summary>
public class JobStateStoreTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AJobsProgressIsReadBackAsLastWritten(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var job = new JobState(Guid.NewGuid(), "cchc-6m-2026", "running", 0, 0, null, T0);
        var other = new JobState(Guid.NewGuid(), "2026-10", "running", 0, 0, null, T0.AddMinutes(1));
        await stores.JobStates.AddAsync(job);
        await stores.JobStates.AddAsync(other);
        Assert.Equal(job, await stores.JobStates.FindAsync(job.Id));

        var halfway = job with { Done = 3, Total = 6 };
        await stores.JobStates.UpdateAsync(halfway);
        Assert.Equal(halfway, await stores.JobStates.FindAsync(job.Id));
        var failed = halfway with { State = "failed", Error = "Ổ đĩa đầy / disk full" };
        await stores.JobStates.UpdateAsync(failed);
        Assert.Equal(failed, await stores.JobStates.FindAsync(job.Id));
        Assert.Equal(other, await stores.JobStates.FindAsync(other.Id));
        Assert.Null(await stores.JobStates.FindAsync(Guid.NewGuid()));
    }
}
