using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>The real application on Kestrel at 127.0.0.1 (a free port), with a real SQLite file in a temporary folder.</summary>
public sealed class ParSurveyServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ParSurveyServer(WebApplication app, string dataDirectory, Uri address)
    {
        _app = app;
        DataDirectory = dataDirectory;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataDirectory { get; }
    public Uri Address { get; }
    public HttpClient Client { get; }
    public string DatabasePath => Path.Combine(DataDirectory, "parsurvey.db");
    public IServiceProvider Services => _app.Services;

    public long StoredRatings => RatingsDb.Count(DatabasePath);

    public static async Task<ParSurveyServer> StartAsync(TimeProvider? clock = null, string? dataDirectory = null,
        string? catalogJson = null, params string[] extraArgs)
    {
        var data = dataDirectory ?? TempFolder.Create();
        var catalogPath = Path.Combine(data, "catalog.json");
        await File.WriteAllTextAsync(catalogPath, catalogJson ?? TestCatalog.Json(), Encoding.UTF8);
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--ParSurvey:DataDirectory={data}",
            $"--ParSurvey:CatalogPath={catalogPath}",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        var app = ParSurveyApp.Create(args, builder =>
        {
            if (clock is not null) builder.Services.AddSingleton(clock);
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ParSurveyServer(app, data, new Uri(address));
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostRatingAsync(object rating) => Client.PostAsJsonAsync("/api/ratings", rating);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}

public static class TempFolder
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), "parsurvey-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
