using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Hosting;

public class ReadmeCommandTests
{
    [Fact]
    public async Task DotnetRunStartsWithTheDemoCatalogASqliteFileUnderDotSlashDataAndAOneTimeAdminPassword()
    {
        // The README's first command, run from a fresh folder: `dotnet run --project src/SurveyApi`
        // (--no-build because ./test.sh has just built it; --urls so the test does not need port 5080).
        var workingDirectory = TempFolder.Create();
        var project = Path.Combine(ServerProcess.RepositoryRoot, "src", "SurveyApi");
        await using var server = await ServerProcess.StartAsync("dotnet", workingDirectory,
            ["run", "--project", project, "--no-build", "-c", ServerProcess.Configuration, "--", "--urls", "http://127.0.0.1:0"],
            TimeSpan.FromSeconds(180));
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var catalog = await client.GetFromJsonAsync<JsonElement>("/api/catalog");
        Assert.True(catalog.GetProperty("demo").GetBoolean());
        Assert.InRange(catalog.GetProperty("units").GetArrayLength(), 4, 50);
        Assert.InRange(catalog.GetProperty("fields").GetArrayLength(), 8, 20);
        Assert.Contains(catalog.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "Hộ tịch");
        Assert.True(File.Exists(Path.Combine(workingDirectory, "data", "parsurvey.db")), server.Output);
        Assert.Contains("ParSurvey", await client.GetStringAsync("/"));

        // No admin configured: a one-time password is on the console, and it leads straight to changing it.
        var printed = Regex.Match(server.Output, @"email:\s+(\S+)[\s\S]*?one-time password: (\S+)");
        Assert.True(printed.Success, server.Output);
        var signIn = await StaffLogin.PostLoginFormAsync(client, printed.Groups[1].Value, printed.Groups[2].Value);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/account/password", signIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/satisfaction")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffLogin.ChangePasswordAsync(client, printed.Groups[2].Value, "Mat-khau-moi-2026")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/satisfaction")).StatusCode);
    }
}
