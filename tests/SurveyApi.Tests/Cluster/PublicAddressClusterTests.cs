using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Cluster;

/// <summary>The public address an admin sets on one server reaches every server on the same database (change feed).</summary>
public class PublicAddressClusterTests
{
    [Fact]
    public async Task AnAddressSetOnOneServerIsUsedByTheOtherWithoutARestart()
    {
        var data = TempFolder.Create();
        await using var store = await TestStore.CreateAsync(Providers.Postgres, data);
        await using var first = await ParSurveyServer.StartAsync(dataDirectory: data, extraArgs: [.. store.Arguments]);
        await using var second = await ParSurveyServer.StartAsync(dataDirectory: data, extraArgs: [.. store.Arguments]);
        Assert.StartsWith("http://localhost:5080/",
            (await second.NewClient().GetFromJsonAsync<JsonElement>("/api/kiosk/config")).GetProperty("trackingUrl").GetString());

        var set = await (await first.AdminAsync()).PutAsJsonAsync("/api/admin/public-address", new { url = "https://hailong.thanhpho.gov.vn" });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());

        string? seen = null;
        var reached = await Eventually.TrueAsync(async () =>
        {
            seen = (await second.NewClient().GetFromJsonAsync<JsonElement>("/api/kiosk/config")).GetProperty("trackingUrl").GetString();
            return seen == "https://hailong.thanhpho.gov.vn/phan-anh";
        }, TimeSpan.FromSeconds(15));
        Assert.True(reached, $"the second server still links to {seen}");
        var state = await (await second.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/public-address");
        Assert.Equal(("console", ParSurveyServer.AdminEmail), (state.GetProperty("source").GetString(), state.GetProperty("changedBy").GetString()));
    }
}
