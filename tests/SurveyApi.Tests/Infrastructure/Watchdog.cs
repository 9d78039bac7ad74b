using System.Diagnostics;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>
/// Should the test process be killed (no exit handlers run), a detached shell cleans up after it: kills the processes
/// listed in the folder's <c>.pids</c>, runs a stop command, and removes the folder.
/// </summary>
public static class Watchdog
{
    public static void Start(string folder, string[]? stopCommand = null)
    {
        var pids = Path.Combine(folder, ".pids");
        var stop = stopCommand is null ? "true" : string.Join(' ', stopCommand.Select(Quote));
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; " +
                     $"[ -f {Quote(pids)} ] && kill -9 $(cat {Quote(pids)}) 2>/dev/null; " +
                     $"{stop} >/dev/null 2>&1; rm -rf {Quote(folder)}";
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "sh", "-c", script }) info.ArgumentList.Add(arg);
        using var _ = Process.Start(info);
    }

    /// <summary>Adds a process the watchdog of <paramref name="folder"/> kills should the test process die first.</summary>
    public static void Track(string folder, int pid) => File.AppendAllText(Path.Combine(folder, ".pids"), pid + "\n");

    public static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
