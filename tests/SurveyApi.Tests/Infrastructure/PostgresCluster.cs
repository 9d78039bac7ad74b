using System.Diagnostics;
using Npgsql;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for the whole test run: Debian's initdb and pg_ctl (/usr/lib/postgresql/*/bin) in a
/// temporary folder, as an unprivileged user when the tests run as root (PostgreSQL refuses to run as root), listening
/// on a free loopback port with its socket in the same folder. One cluster is shared by every test (started on first
/// use); each test server gets its own database. The cluster is stopped and its folder removed when the test process
/// exits; a small watchdog does the same if the process is killed instead.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresCluster>> SharedCluster = new(StartNewAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The cluster of this test run, started on first use.</summary>
    public static Task<PostgresCluster> SharedAsync() => SharedCluster.Value;

    private readonly string _folder;
    private readonly string _bin;
    private readonly string? _runAs;

    private PostgresCluster(string folder, string bin, string? runAs, int port)
    {
        _folder = folder;
        _bin = bin;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=30;Include Error Detail=true";

    /// <summary>A new empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await AdminAsync($"CREATE DATABASE {name};");
        return ConnectionString(name);
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE);");
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A cluster of the caller's own (one that a test may stop and start), removed by <see cref="DisposeAsync"/>.</summary>
    public static async Task<PostgresCluster> StartNewAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb. Run ./test.sh (it installs Debian's postgresql) or apt-get install postgresql.");

        var folder = Path.Combine(Path.GetTempPath(), "parsurvey-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        Directory.CreateDirectory(Path.Combine(folder, "socket"));
        var runAs = Environment.UserName == "root" ? "nobody" : null;
        if (runAs is not null) await RunAsync("chown", ["-R", $"{runAs}:", folder]);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var cluster = new PostgresCluster(folder, bin, runAs, LoopbackService.FreePort());
        try
        {
            await cluster.PgAsync("initdb", ["-D", cluster.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
            await cluster.StartServerAsync();
        }
        catch
        {
            cluster.Stop();
            throw;
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        cluster.StartWatchdog();
        return cluster;
    }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>Starts the server (again) on the same port and data.</summary>
    public Task StartServerAsync() =>
        PgAsync("pg_ctl", ["-D", DataFolder, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {Path.Combine(_folder, "socket")} -c max_connections=400", "start"]);

    /// <summary>Stops the server as an operator's restart does (fast: open sessions are cut, committed data stays).</summary>
    public Task StopServerAsync() => PgAsync("pg_ctl", ["-D", DataFolder, "-m", "fast", "-w", "-t", "60", "stop"]);

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    /// <summary>Stops the cluster at once (its databases are throwaway) and removes its folder.</summary>
    private void Stop()
    {
        try
        {
            if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
                PgAsync("pg_ctl", ["-D", DataFolder, "-m", "immediate", "-w", "stop"]).Wait(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // Removing the folder below takes the cluster's files anyway; a stray server would have lost them.
        }
        try { Directory.Delete(_folder, recursive: true); } catch (DirectoryNotFoundException) { }
    }

    /// <summary>Should the test process be killed (no exit handlers run), stops the cluster and removes the folder after it.</summary>
    private void StartWatchdog() =>
        Watchdog.Start(_folder, RunAsCommand(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-m", "immediate", "-w", "stop"]));

    private string[] RunAsCommand(string program, string[] args) => _runAs is null ? [program, .. args] : ["runuser", "-u", _runAs, "--", program, .. args];

    private Task PgAsync(string tool, string[] args)
    {
        var command = RunAsCommand(Path.Combine(_bin, tool), args);
        return RunAsync(command[0], command[1..]);
    }

    private static async Task RunAsync(string program, string[] args)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await errors}");
    }
}
