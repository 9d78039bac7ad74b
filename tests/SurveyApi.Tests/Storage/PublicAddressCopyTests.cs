using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Storage.Postgres;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Storage;

/// <summary>The public address a ward's admin set moves with the ward's file into the city's PostgreSQL.</summary>
public class PublicAddressCopyTests
{
    [Fact]
    public async Task TheAddressSetInTheConsoleIsCopiedToPostgres()
    {
        var data = TempFolder.Create();
        await using (var ward = await ParSurveyServer.StartAsync(dataDirectory: data))
        {
            var set = await (await ward.AdminAsync()).PutAsJsonAsync("/api/admin/public-address", new { url = "https://hailong.phuong-a.gov.vn" });
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await using var city = (PostgresTestStore)await TestStore.CreateAsync(Providers.Postgres, data);
        var counts = await SqliteToPostgresCopy.CopyAsync(Path.Combine(data, "parsurvey.db"), city.ConnectionString, CancellationToken.None);
        Assert.Contains(("settings", 1L), counts);

        await using var moved = await ParSurveyServer.StartAsync(dataDirectory: data, extraArgs: [.. city.Arguments]);
        var state = await (await moved.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/public-address");
        Assert.Equal(("https://hailong.phuong-a.gov.vn", "console"), (state.GetProperty("url").GetString(), state.GetProperty("source").GetString()));
    }
}
