using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>A Debian server program (nginx, redis-server) run by the tests as a child process on a loopback port.</summary>
public sealed class LoopbackService : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private LoopbackService(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    /// <summary>Starts the program and waits until it accepts connections on the port (the watchdog of <paramref name="folder"/> knows it).</summary>
    public static async Task<LoopbackService> StartAsync(string program, string[] args, int port, string folder)
    {
        if (!File.Exists(program))
            throw new InvalidOperationException($"{program} is not installed: run ./test.sh (it installs Debian's nginx and redis-server) or apt-get install them.");
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var service = new LoopbackService(Process.Start(info)!, port);
        Watchdog.Track(folder, service._process.Id);
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (service._output) service._output.Add(line);
        }
        service._process.OutputDataReceived += (_, e) => OnLine(e.Data);
        service._process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await AcceptsAsync(port))
        {
            if (service._process.HasExited || DateTime.UtcNow > deadline)
            {
                var why = service._process.HasExited ? $"exited with code {service._process.ExitCode}" : "did not listen within 30 s";
                await service.DisposeAsync();
                throw new InvalidOperationException($"{Path.GetFileName(program)} {why} (port {port}). Output:\n{service.Output}");
            }
            await Task.Delay(50);
        }
        return service;
    }

    public static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
    }
}
