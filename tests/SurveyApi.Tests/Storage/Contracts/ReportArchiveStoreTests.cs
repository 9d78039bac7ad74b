using System.Text;
using ParSurvey.SurveyApi.Storage;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using static ParSurvey.SurveyApi.Tests.Storage.Contracts.AdapterStores;

namespace ParSurvey.SurveyApi.Tests.Storage.Contracts;

/// <summary>IReportArchive (the index and the files' bytes), the same behaviour on every adapter.</summary>
public class ReportArchiveStoreTests
{
    private static ArchivedReport Entry(string unit, string period, string format) =>
        new(Guid.NewGuid(), unit, period, format, $"{unit}.{format}", new string('a', 64), 3, T0, "schedule");

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AnArchivedFileIsKeptWithItsEntryAndOfTwoArchiversTheFirstWins(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var first = Entry("ward-a", "2026-10", "json");
        var content = Encoding.UTF8.GetBytes("{\"a\":1}\u00e1");
        Assert.True(await stores.Archive.AddAsync(first, content));
        var second = Entry("ward-a", "2026-10", "json");
        Assert.False(await stores.Archive.AddAsync(second, [1, 2, 3]));

        Assert.Equal(first, await stores.Archive.FindAsync("ward-a", "2026-10", "json"));
        Assert.Equal(first, await stores.Archive.GetAsync(first.Id));
        Assert.Equal(content, await stores.Archive.ReadAsync(first.Id));
        Assert.Null(await stores.Archive.GetAsync(second.Id));
        Assert.Null(await stores.Archive.ReadAsync(second.Id));
        Assert.Null(await stores.Archive.FindAsync("ward-a", "2026-10", "csv"));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TheArchiveIsListedNewestPeriodFirstThenByUnitAndFormat(string provider)
    {
        await using var stores = await CreateAsync(provider);
        var entries = new[]
        {
            Entry("ward-b", "2026-09", "csv"), Entry("*", "2026-10", "xlsx"), Entry("ward-a", "2026-10", "json"),
            Entry("ward-a", "2026-10", "csv"), Entry("*", "2026-09", "json"),
        };
        foreach (var e in entries) Assert.True(await stores.Archive.AddAsync(e, [0x50, 0x4b]));
        Assert.Equal([entries[1], entries[3], entries[2], entries[4], entries[0]], await stores.Archive.ListAsync(null));
        Assert.Equal([entries[4], entries[0]], await stores.Archive.ListAsync("2026-09"));
        Assert.Empty(await stores.Archive.ListAsync("2026-08"));
    }
}
