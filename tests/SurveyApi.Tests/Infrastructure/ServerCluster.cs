using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>
/// A city's set-up of <c>deploy/</c> on one machine, for the tests of several nodes behind the balancer: a PostgreSQL of
/// its own (a test stops and starts it), Redis for the shared rate limits, <see cref="NodeCount"/> SurveyApi processes
/// and nginx in front with deploy/nginx's own proxy rules (deploy/nginx/loopback.conf.in), each on a free loopback port.
/// Started once for the cluster tests (<see cref="ClusterCollection"/>), stopped and its folder removed afterwards.
/// </summary>
public sealed class ServerCluster : IAsyncLifetime
{
    public const int NodeCount = 3;
    public const string AdminEmail = "quantri@cluster.test.vn";

    /// <summary>Sign-in attempts per client address and minute: low, so a test reaches it through the balancer.</summary>
    public const int LoginPerMinute = 8;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "parsurvey-cluster-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ServerProcess?[] _nodes = new ServerProcess?[NodeCount];
    private readonly int[] _nodePorts = new int[NodeCount];
    private readonly List<HttpClient> _clients = [];
    private PostgresCluster? _postgres;
    private LoopbackService? _redis;
    private LoopbackService? _nginx;
    private Task<HttpClient>? _admin;

    public string AdminPassword { get; } = "Admin-" + Guid.NewGuid().ToString("N")[..12];
    public string ConnectionString { get; private set; } = "";
    /// <summary>Reads the cluster's PostgreSQL database directly, beside the nodes.</summary>
    public IStoreProbe Store => new PostgresStoreProbe(ConnectionString);
    /// <summary>The balancer: where kiosks, phones and staff go.</summary>
    public Uri Address { get; private set; } = null!;
    public int RedisPort => _redis!.Port;
    public Uri NodeAddress(int node) => new($"http://127.0.0.1:{_nodePorts[node]}");
    public int NodePort(int node) => _nodePorts[node];
    private string DataFolder => Path.Combine(_folder, "data");
    private string NginxFolder => Path.Combine(_folder, "nginx");

    /// <summary>nginx's access log so far (one line per request, with the node that answered: deploy/nginx/parsurvey-http.conf).</summary>
    public string AccessLog => File.Exists(Path.Combine(NginxFolder, "access.log")) ? File.ReadAllText(Path.Combine(NginxFolder, "access.log")) : "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataFolder);
        Directory.CreateDirectory(NginxFolder);
        // nginx's workers run as nobody when the tests run as root: they must reach their temporary folders.
        File.SetUnixFileMode(_folder, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(NginxFolder, (UnixFileMode)0b111_101_101);
        Watchdog.Start(_folder);
        try
        {
            _postgres = await PostgresCluster.StartNewAsync();
            ConnectionString = await _postgres.CreateDatabaseAsync();
            var redisPort = LoopbackService.FreePort();
            _redis = await LoopbackService.StartAsync("/usr/bin/redis-server",
                ["--port", redisPort.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _folder], redisPort, _folder);
            await File.WriteAllTextAsync(Path.Combine(_folder, "catalog.json"), TestCatalog.Json(), Encoding.UTF8);
            for (var i = 0; i < NodeCount; i++) _nodePorts[i] = LoopbackService.FreePort();
            // One after the other: the first creates the schema and the administrator, the others find them.
            for (var i = 0; i < NodeCount; i++) await StartNodeAsync(i);
            _nginx = await StartNginxAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task<LoopbackService> StartNginxAsync()
    {
        var port = LoopbackService.FreePort();
        var deploy = Path.Combine(ServerProcess.RepositoryRoot, "deploy", "nginx");
        var servers = string.Join('\n', _nodePorts.Select(p => $"        server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;"));
        var config = (await File.ReadAllTextAsync(Path.Combine(deploy, "loopback.conf.in")))
            .Replace("@USER@", Environment.UserName == "root" ? "user nobody nogroup;" : "")
            .Replace("@RUN@", NginxFolder).Replace("@DEPLOY@", deploy).Replace("@PORT@", port.ToString()).Replace("@SERVERS@", servers);
        var path = Path.Combine(NginxFolder, "nginx.conf");
        await File.WriteAllTextAsync(path, config);
        var nginx = await LoopbackService.StartAsync("/usr/sbin/nginx",
            ["-p", NginxFolder, "-c", path, "-e", Path.Combine(NginxFolder, "error.log"), "-g", "daemon off;"], port, _folder);
        Address = new Uri($"http://127.0.0.1:{port}");
        return nginx;
    }

    /// <summary>Starts node <paramref name="node"/> (again) on its port, with the city's settings.</summary>
    public async Task StartNodeAsync(int node)
    {
        var process = await ServerProcess.StartAsync(DataFolder,
            $"--urls=http://127.0.0.1:{_nodePorts[node]}",
            // The nodes share a data folder, as a city's nodes share nothing but their settings: only for the
            // data-protection keys while those still live there.
            $"--ParSurvey:DataDirectory={DataFolder}",
            $"--ParSurvey:CatalogPath={Path.Combine(_folder, "catalog.json")}",
            $"--ParSurvey:Admin:Email={AdminEmail}", $"--ParSurvey:Admin:Password={AdminPassword}",
            "--ParSurvey:Storage:Provider=postgres", $"--ParSurvey:Storage:ConnectionString={ConnectionString}",
            $"--ParSurvey:RateLimits:Redis=127.0.0.1:{_redis!.Port}",
            $"--ParSurvey:Security:LoginPerMinute={LoginPerMinute}",
            "--ParSurvey:Security:PairingPerMinute=100000", "--ParSurvey:Security:QrRatingsPerMinute=100000",
            "--ParSurvey:Security:DeviceRatingsPerMinute=100000000",
            // One kiosk stands for many citizens here; the press filter has its own tests.
            "--ParSurvey:Kiosk:CooldownSeconds=0",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");
        Watchdog.Track(_folder, process.Id);
        _nodes[node] = process;
    }

    /// <summary>SIGKILL to one node: no shutdown, whatever it held in memory is gone.</summary>
    public async Task KillNodeAsync(int node)
    {
        await _nodes[node]!.DisposeAsync();
        _nodes[node] = null;
    }

    public string NodeOutput(int node) => _nodes[node]?.Output ?? "(not running)";

    public Task StopPostgresAsync() => _postgres!.StopServerAsync();

    public Task StartPostgresAsync() => _postgres!.StartServerAsync();

    /// <summary>A client of the balancer (or of one node), its connections opened from <paramref name="from"/> (127.0.0.x) when given.</summary>
    public HttpClient NewClient(Uri? address = null, IPAddress? from = null, CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies ?? new CookieContainer() };
        if (from is not null)
            handler.ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        var client = new HttpClient(handler) { BaseAddress = address ?? Address, Timeout = TimeSpan.FromSeconds(30) };
        lock (_clients) _clients.Add(client);
        return client;
    }

    /// <summary>The administrator, signed in once through the balancer; talking to <paramref name="address"/> (a node) with the same cookie when given.</summary>
    public async Task<HttpClient> AdminAsync(Uri? address = null)
    {
        var admin = await (_admin ??= SignInAdminAsync());
        if (address is null) return admin;
        // Cookies are per host, not per port: the balancer's cookie goes to the nodes on 127.0.0.1 too.
        var direct = NewClient(address, cookies: _adminCookies);
        foreach (var header in admin.DefaultRequestHeaders) direct.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        return direct;
    }

    private readonly CookieContainer _adminCookies = new();

    /// <summary>The administrator's cookies (after <see cref="AdminAsync"/>), for a board's WebSocket.</summary>
    public CookieContainer AdminCookies => _adminCookies;

    private async Task<HttpClient> SignInAdminAsync()
    {
        var client = NewClient(cookies: _adminCookies);
        var response = await StaffLogin.PostLoginFormAsync(client, AdminEmail, AdminPassword);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in through the balancer failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        await StaffLogin.SendAntiforgeryHeaderAsync(client);
        return client;
    }

    /// <summary>A kiosk tablet for the counter, paired through the balancer as an admin and a tablet do; sends to <paramref name="address"/> (default the balancer).</summary>
    public async Task<HttpClient> KioskAsync(string counterId, Uri? address = null)
    {
        var admin = await AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/devices", new { counterId, name = "Máy tính bảng " + counterId });
        if (created.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating a device: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pairingCode").GetString();
        var paired = await NewClient().PostAsJsonAsync("/api/devices/pair", new { pairingCode = code });
        var key = (await paired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deviceKey").GetString();
        var kiosk = NewClient(address);
        kiosk.DefaultRequestHeaders.Authorization = new("Device", key);
        return kiosk;
    }

    public async Task DisposeAsync()
    {
        lock (_clients) foreach (var client in _clients) client.Dispose();
        if (_nginx is not null) await _nginx.DisposeAsync();
        foreach (var node in _nodes) if (node is not null) await node.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ServerCluster>
{
    public const string Name = "cluster";
}
