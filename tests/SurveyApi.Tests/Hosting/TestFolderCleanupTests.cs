using System.Diagnostics;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Hosting;

/// <summary>The tests' own data folders (Infrastructure/TempFolder) do not pile up in /tmp run after run.</summary>
public sealed class TestFolderCleanupTests
{
    [Fact]
    public async Task DataFoldersLeftByEndedTestProcessesAreRemovedWhileARunningSuitesFolderIsKept()
    {
        // A test process that ended without its exit handler: its id names the folder it left, with a database in it.
        using var ended = Process.Start(new ProcessStartInfo("true"))!;
        await ended.WaitForExitAsync();
        var left = TempFolder.FolderOf(ended.Id);
        Directory.CreateDirectory(Path.Combine(left, "a-server"));
        await File.WriteAllTextAsync(Path.Combine(left, "a-server", "parsurvey.db"), "rows");
        // Another suite still running: its folder is in use.
        using var running = Process.Start(new ProcessStartInfo("sleep", "60"))!;
        var kept = TempFolder.FolderOf(running.Id);
        Directory.CreateDirectory(Path.Combine(kept, "a-server"));
        try
        {
            TempFolder.RemoveLeftovers();

            Assert.False(Directory.Exists(left));
            Assert.True(Directory.Exists(Path.Combine(kept, "a-server")));
        }
        finally
        {
            running.Kill();
            await running.WaitForExitAsync();
            if (Directory.Exists(kept)) Directory.Delete(kept, recursive: true);
        }
    }
}
