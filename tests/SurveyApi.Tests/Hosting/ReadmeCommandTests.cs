using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Hosting;

public class ReadmeCommandTests
{
    [Fact]
    public async Task DotnetRunStartsWithTheDemoCatalogAndASqliteFileUnderDotSlashData()
    {
        // The README's first command, run from a fresh folder: `dotnet run --project src/SurveyApi`
        // (--no-build because ./test.sh has just built it; --urls so the test does not need port 5080).
        var workingDirectory = TempFolder.Create();
        var project = Path.Combine(ServerProcess.RepositoryRoot, "src", "SurveyApi");
        await using var server = await ServerProcess.StartAsync("dotnet", workingDirectory,
            ["run", "--project", project, "--no-build", "-c", ServerProcess.Configuration, "--", "--urls", "http://127.0.0.1:0"],
            TimeSpan.FromSeconds(180));
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var catalog = await client.GetFromJsonAsync<JsonElement>("/api/catalog");
        Assert.True(catalog.GetProperty("demo").GetBoolean());
        Assert.InRange(catalog.GetProperty("units").GetArrayLength(), 4, 50);
        Assert.InRange(catalog.GetProperty("fields").GetArrayLength(), 8, 20);
        Assert.Contains(catalog.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "Hộ tịch");
        var defaultScale = catalog.GetProperty("scale").GetProperty("id").GetString();
        var counter = catalog.GetProperty("counters").EnumerateArray().First(c => c.GetProperty("scaleId").GetString() == defaultScale);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/ratings", new
        {
            id = Guid.NewGuid(), counterId = counter.GetProperty("id").GetString(),
            fieldCode = counter.GetProperty("fieldCodes")[0].GetString(), score = 4, channel = "kiosk",
        })).StatusCode);
        Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "parsurvey.db")), server.Output);
    }
}
