using System.Net.Http.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

/// <summary>Issue 13, finding 10: the data folder is the owner's alone, and a looser file is named at start-up.</summary>
public class FilePermissionTests
{
    private const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task DataFolderDatabaseLogKeysAndArchiveAreOwnerOnly()
    {
        var root = TempFolder.Create();
        var data = Path.Combine(root, "du-lieu"); // not there yet: the server creates it
        try
        {
            await using (var server = await ParSurveyServer.StartAsync(dataDirectory: root, extraArgs: $"--ParSurvey:DataDirectory={data}"))
            {
                await server.PostRatingAsync(RatingBody.New("a1"));
                var admin = await server.AdminAsync();
                var job = await admin.PostAsJsonAsync("/api/reports/jobs", new { period = DateTime.UtcNow.AddHours(7).ToString("yyyy-MM"), formats = new[] { "json" } });
                var location = job.Headers.Location!.OriginalString;
                var deadline = DateTime.UtcNow.AddSeconds(60);
                var state = "";
                while (DateTime.UtcNow < deadline && !state.Contains("\"state\":\"done\""))
                {
                    state = await admin.GetStringAsync(location);
                    if (!state.Contains("\"state\":\"done\"")) await Task.Delay(100);
                }
                Assert.Contains("\"done\"", state);
                Assert.True(File.Exists(Path.Combine(data, "parsurvey.db-wal")), "no WAL file while the server runs");
                var entries = Directory.EnumerateFileSystemEntries(data, "*", SearchOption.AllDirectories).Prepend(data).ToArray();
                // The archived report and the cookie keys are kept in the database (owner-only like it), no longer in files of their own.
                Assert.True(entries.Contains(Path.Combine(data, "parsurvey.db")) &&
                            !entries.Any(e => e.Contains($"{Path.DirectorySeparatorChar}reports")) &&
                            !entries.Any(e => e.Contains($"{Path.DirectorySeparatorChar}keys")), string.Join("\n", entries));
                foreach (var entry in entries)
                {
                    var expected = Directory.Exists(entry) ? OwnerFolder : OwnerFile;
                    Assert.True(File.GetUnixFileMode(entry) == expected, $"{entry}: {File.GetUnixFileMode(entry)}, expected {expected}");
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task StartUpNamesEveryFileOtherUsersCanRead()
    {
        var data = TempFolder.Create();
        try
        {
            File.SetUnixFileMode(data, OwnerFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            var database = Path.Combine(data, "parsurvey.db");
            await File.WriteAllBytesAsync(database, []);
            File.SetUnixFileMode(database, OwnerFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            await using var server = await ParSurveyServer.StartAsync(dataDirectory: data);

            var warnings = server.Logs.Lines.Where(l => l.StartsWith("Warning") && l.Contains("other users")).ToArray();
            Assert.Contains(warnings, w => w.Contains(database) && w.Contains("644"));
            Assert.Contains(warnings, w => w.Contains($"Path={data} ") && w.Contains("755"));
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
