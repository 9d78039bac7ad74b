using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>The server as its own operating-system process, so a test can kill it with SIGKILL and start it again.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServerProcess(Process process) => _process = process;

    public Uri Address { get; private set; } = null!;
    public int Id => _process.Id;
    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ParSurvey.sln"))) return dir.FullName;
            throw new InvalidOperationException("ParSurvey.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Configuration => AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";

    /// <summary>Starts the built SurveyApi.dll (the one beside the tests) with the given arguments.</summary>
    public static Task<ServerProcess> StartAsync(string workingDirectory, params string[] args) =>
        StartAsync("dotnet", workingDirectory, [Path.Combine(AppContext.BaseDirectory, "SurveyApi.dll"), "--urls=http://127.0.0.1:0", .. args]);

    public static async Task<ServerProcess> StartAsync(string fileName, string workingDirectory, string[] args, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var server = new ServerProcess(Process.Start(info)!);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (server._output) server._output.Add(line);
            if (ListeningLine().Match(line) is { Success: true } m) listening.TrySetResult(new Uri(m.Groups[1].Value));
        }
        server._process.OutputDataReceived += (_, e) => OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var exited = server._process.WaitForExitAsync();
        var limit = timeout ?? TimeSpan.FromSeconds(90);
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(limit));
        if (first != listening.Task)
        {
            var why = first == exited ? $"exited with code {server._process.ExitCode}" : $"did not listen within {limit}";
            await server.DisposeAsync();
            throw new InvalidOperationException($"Server {why}. Output:\n{server.Output}");
        }
        server.Address = await listening.Task;
        return server;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; whatever was not on disk is gone.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillHardAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex ListeningLine();
}
