using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ParSurvey.SurveyApi.Devices;
using ParSurvey.SurveyApi.Hosting;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>
/// The real application on Kestrel at 127.0.0.1 (a free port), with a real SQLite file in a temporary folder.
/// Callers act as the people who use it: a kiosk paired with a counter, staff signed in through the login form.
/// </summary>
public sealed class ParSurveyServer : IAsyncDisposable
{
    public const string AdminEmail = "quantri@test.vn";

    /// <summary>
    /// Turns the server's press filter off, for tests that seed many citizens' ratings through one kiosk key with
    /// made-up times (two of them a minute apart would otherwise be one citizen pressing twice). The press filter has
    /// its own tests (PressFilterTests).
    /// </summary>
    public const string NoPressFilter = "--ParSurvey:Kiosk:CooldownSeconds=0";
    public string AdminPassword { get; }

    /// <summary>
    /// Starts with no configured administrator password (the email stays): on an empty store the server makes the first
    /// administrator itself, with a one-time password on the console.
    /// </summary>
    public const string NoConfiguredAdmin = "--no-configured-admin";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Task<HttpClient>> _kiosks = new();
    private readonly List<HttpClient> _clients = [];
    private Task<HttpClient>? _admin;

    private ParSurveyServer(WebApplication app, string dataDirectory, Uri address, CapturedLogs logs, string adminPassword, TestStore store, bool ownsStore)
    {
        _app = app;
        _store = store;
        _ownsStore = ownsStore;
        DataDirectory = dataDirectory;
        Address = address;
        Logs = logs;
        AdminPassword = adminPassword;
        Client = NewClient();
    }

    public string DataDirectory { get; }
    public Uri Address { get; }
    /// <summary>An anonymous client: no cookie, no key.</summary>
    public HttpClient Client { get; }
    /// <summary>Every log message the server wrote, at every level.</summary>
    public CapturedLogs Logs { get; }
    public IServiceProvider Services => _app.Services;

    private readonly TestStore _store;
    private readonly bool _ownsStore;

    /// <summary>Asks the server's store directly what it holds (not through the app): its SQLite file or its PostgreSQL database.</summary>
    public IStoreProbe Store => _store.Probe;

    /// <summary>How many ratings are stored, filtered ones included.</summary>
    public long StoredRatings => Store.CountRatings();

    /// <param name="strictLimits">Keep the production rate limits; otherwise they are raised so tests are not throttled.</param>
    /// <param name="services">Replaces a service after the app's own registrations (a held-back disk flush, say).</param>
    /// <param name="provider">The storage provider (<see cref="Providers"/>): a fresh database on the shared cluster for postgres.</param>
    /// <param name="sharedStore">A store other servers use too (several servers on one database, see <see cref="ServerNodes"/>):
    /// used instead of a fresh one, and left in place when this server stops.</param>
    public static async Task<ParSurveyServer> StartAsync(TimeProvider? clock = null, string? dataDirectory = null,
        string? catalogJson = null, bool strictLimits = false, Action<IServiceCollection>? services = null, string provider = Providers.Sqlite,
        TestStore? sharedStore = null, params string[] extraArgs)
    {
        var data = dataDirectory ?? TempFolder.Create();
        var store = sharedStore ?? await TestStore.CreateAsync(provider, data);
        var catalogPath = Path.Combine(data, "test-catalog.json");
        await File.WriteAllTextAsync(catalogPath, catalogJson ?? TestCatalog.Json(), Encoding.UTF8);
        // One password per data folder, so a restarted server on the same folder knows its administrator; one per
        // store when servers share it, so each of them knows the one administrator.
        var adminPassword = "Admin-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            Encoding.UTF8.GetBytes(sharedStore is null ? data : string.Join(' ', sharedStore.Arguments))))[..12];
        string[] relaxed = strictLimits ? [] :
        [
            "--ParSurvey:Security:LoginPerMinute=100000", "--ParSurvey:Security:PairingPerMinute=100000",
            "--ParSurvey:Security:QrRatingsPerMinute=100000", "--ParSurvey:Security:DeviceRatingsPerMinute=100000000",
        ];
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--ParSurvey:DataDirectory={data}",
            $"--ParSurvey:CatalogPath={catalogPath}",
            $"--ParSurvey:Admin:Email={AdminEmail}",
            .. extraArgs.Contains(NoConfiguredAdmin) ? Array.Empty<string>() : [$"--ParSurvey:Admin:Password={adminPassword}"],
            .. relaxed,
            .. store.Arguments,
            .. extraArgs.Where(a => a != NoConfiguredAdmin),
        ];
        var logs = new CapturedLogs();
        var app = ParSurveyApp.Create(args, builder =>
        {
            builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
            if (clock is not null) builder.Services.AddSingleton(clock);
            services?.Invoke(builder.Services);
        });
        try
        {
            await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await app.DisposeAsync();
            if (sharedStore is null) await store.DisposeAsync();
            throw;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ParSurveyServer(app, data, new Uri(address), logs, adminPassword, store, ownsStore: sharedStore is null);
    }

    public HttpClient NewClient()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        lock (_clients) _clients.Add(client);
        return client;
    }

    /// <summary>A kiosk tablet paired with the counter (created and paired through the device service, once per counter).</summary>
    public Task<HttpClient> KioskAsync(string counterId) => _kiosks.GetOrAdd(counterId, async id =>
    {
        var devices = Services.GetRequiredService<DeviceService>();
        var created = await devices.CreateAsync(id, $"Máy tính bảng {id}", "test", CancellationToken.None);
        var paired = await devices.PairAsync(created.PairingCode, CancellationToken.None);
        var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Device", paired!.DeviceKey);
        return client;
    });

    /// <summary>The configured administrator, signed in through the login form.</summary>
    public Task<HttpClient> AdminAsync() => _admin ??= StaffLogin.SignInAsync(this, AdminEmail, AdminPassword);

    public async Task<HttpResponseMessage> PostJsonAsync(string path, string json, string counterId = "a1") =>
        await (await KioskAsync(counterId)).PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>Posts a rating from the kiosk of the rating's own counter.</summary>
    public async Task<HttpResponseMessage> PostRatingAsync(IDictionary<string, object?> rating) =>
        await (await KioskAsync((string)rating["counterId"]!)).PostAsJsonAsync("/api/ratings", rating);

    public async Task<HttpResponseMessage> PostBatchAsync(string counterId, IEnumerable<IDictionary<string, object?>> ratings) =>
        await (await KioskAsync(counterId)).PostAsJsonAsync("/api/ratings/batch", ratings);

    public async ValueTask DisposeAsync()
    {
        lock (_clients) foreach (var client in _clients) client.Dispose();
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
        if (_ownsStore) await _store.DisposeAsync();
    }
}

/// <summary>
/// Data folders for test servers, under one folder per test process (a test may stop a server and start another on the
/// same folder, so a folder cannot go with its server). The process's folder is removed when it exits, as far as it can
/// be; and the first folder a test process asks for removes what ended test processes left (the test host is not always
/// let run its exit handlers), so test runs do not pile up data folders.
/// </summary>
public static class TempFolder
{
    private static readonly string Parent = Path.Combine(Path.GetTempPath(), "parsurvey-tests");
    private static readonly string Root = FolderOf(Environment.ProcessId);

    static TempFolder()
    {
        RemoveLeftovers();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveBestEffort(Root);
    }

    public static string Create()
    {
        var path = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Removes the folders of test processes that no longer run; a running one's (another suite's) stays.</summary>
    internal static void RemoveLeftovers()
    {
        if (!Directory.Exists(Parent)) return;
        foreach (var folder in Directory.EnumerateDirectories(Parent))
            if (int.TryParse(Path.GetFileName(folder), out var pid) && pid != Environment.ProcessId && !Running(pid)) RemoveBestEffort(folder);
    }

    internal static string FolderOf(int processId) => Path.Combine(Parent, processId.ToString());

    private static bool Running(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Each data folder on its own: a file still held open keeps its folder, not every other one.</summary>
    private static void RemoveBestEffort(string root)
    {
        if (!Directory.Exists(root)) return;
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        try { Directory.Delete(root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
