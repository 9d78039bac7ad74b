using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Backup;

/// <summary>The documented backup and restore commands, run as an operator runs them: separate processes beside the server.</summary>
public class BackupTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task BackupTakenDuringIngestRestoresEveryRatingAcknowledgedBeforeItBeganAndTheReportsAgree(string provider)
    {
        var folders = new List<string>();
        var stores = new List<TestStore>();
        string Folder() { var f = TempFolder.Create(); folders.Add(f); return f; }
        async Task<TestStore> Store(string folder) { var s = await TestStore.CreateAsync(provider, folder); stores.Add(s); return s; }
        try
        {
            var live = Folder();
            var liveStore = await Store(live);
            await using var server = await ParSurveyServer.StartAsync(new SettableClock(Now), dataDirectory: live,
                extraArgs: [ParSurveyServer.NoPressFilter, .. liveStore.Arguments]);
            var acknowledged = new ConcurrentQueue<string>();
            using var stop = new CancellationTokenSource();
            var counters = new[] { "a1", "a2", "b1" };
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var counter = counters[(w + i) % counters.Length];
                    var fields = TestCatalog.FieldsOf[counter];
                    var rating = RatingBody.New(counter, score: 1 + (w * 7 + i) % 4, fieldCode: fields[i % fields.Length]);
                    var response = await server.PostRatingAsync(rating);
                    if (response.StatusCode == HttpStatusCode.Created) acknowledged.Enqueue((string)rating["id"]!);
                    else Assert.Fail($"rating refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            })).ToArray();
            await Until(() => acknowledged.Count >= 300, "300 ratings acknowledged", writers);

            // Everything acknowledged before the command starts must be in the copy; ratings keep arriving meanwhile.
            var before = acknowledged.ToArray();
            var copy = Path.Combine(Folder(), "backup");
            var made = await RunCommandAsync("backup", copy, live, liveStore);
            Assert.True(made.ExitCode == 0, made.Output);
            var duringBackup = acknowledged.Count - before.Length;
            await Until(() => acknowledged.Count >= before.Length + duringBackup + 50, "50 more ratings after the backup", writers);
            stop.Cancel();
            await Task.WhenAll(writers);

            var restoredFolder = Folder();
            var restoredStore = await Store(restoredFolder);
            var restored = await RunCommandAsync("restore", copy, restoredFolder, restoredStore);
            Assert.True(restored.ExitCode == 0, restored.Output);
            var restoredIds = restoredStore.Probe.RatingIds().Select(id => id.ToString("D")).ToHashSet();
            Assert.Empty(before.Where(id => !restoredIds.Contains(id)));
            Assert.True(restoredIds.Count < acknowledged.Count, "the copy is a snapshot: ratings acknowledged after it are not in it");
            Assert.Subset(acknowledged.ToHashSet(), restoredIds);
            using (var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(copy, "backup.json"))))
            {
                Assert.Equal(restoredIds.Count, manifest.RootElement.GetProperty("ratings").GetInt64());
                Assert.Equal(provider, manifest.RootElement.GetProperty("provider").GetString());
            }

            // The restored server starts on the copy and reports exactly the copied ratings.
            await using (var fromCopy = await ParSurveyServer.StartAsync(new SettableClock(Now), dataDirectory: restoredFolder,
                             extraArgs: [ParSurveyServer.NoPressFilter, .. restoredStore.Arguments]))
            {
                var admin = await StaffLogin.SignInAsync(fromCopy, ParSurveyServer.AdminEmail, server.AdminPassword);
                var report = await admin.GetFromJsonAsync<JsonElement>("/api/reports?period=2026-11&format=json");
                Assert.Equal(restoredIds.Count, TotalOf(report));
            }

            // Once ingest has stopped, a second copy gives the very same reports as the live server, byte for byte.
            var idleCopy = Path.Combine(Folder(), "backup");
            Assert.Equal(0, (await RunCommandAsync("backup", idleCopy, live, liveStore)).ExitCode);
            var idleRestored = Folder();
            var idleStore = await Store(idleRestored);
            Assert.Equal(0, (await RunCommandAsync("restore", idleCopy, idleRestored, idleStore)).ExitCode);
            var liveAdmin = await server.AdminAsync();
            await using var twin = await ParSurveyServer.StartAsync(new SettableClock(Now), dataDirectory: idleRestored,
                extraArgs: [ParSurveyServer.NoPressFilter, .. idleStore.Arguments]);
            var twinAdmin = await StaffLogin.SignInAsync(twin, ParSurveyServer.AdminEmail, server.AdminPassword);
            foreach (var query in new[] { "period=2026-11&format=json", "period=2026-11&format=csv&section=units", "period=2026-11&format=csv&section=fields", "period=2026-11&unitId=ward-a&format=json" })
                Assert.Equal(await liveAdmin.GetByteArrayAsync("/api/reports?" + query), await twinAdmin.GetByteArrayAsync("/api/reports?" + query));
            Assert.Equal(acknowledged.Count, TotalOf(await twinAdmin.GetFromJsonAsync<JsonElement>("/api/reports?period=2026-11&format=json")));
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
            foreach (var folder in folders) if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task RestoreRefusesADatabaseThatAlreadyHoldsDataAndACopyWithADamagedFile(string provider)
    {
        var folders = new List<string> { TempFolder.Create(), TempFolder.Create(), TempFolder.Create() };
        var (live, other, empty) = (folders[0], folders[1], folders[2]);
        await using var liveStore = await TestStore.CreateAsync(provider, live);
        await using var emptyStore = await TestStore.CreateAsync(provider, empty);
        try
        {
            await using (var server = await ParSurveyServer.StartAsync(new SettableClock(Now), dataDirectory: live, extraArgs: liveStore.Arguments))
                Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(RatingBody.New())).StatusCode);
            var copy = Path.Combine(other, "backup");
            Assert.Equal(0, (await RunCommandAsync("backup", copy, live, liveStore)).ExitCode);

            var onto = await RunCommandAsync("restore", copy, live, liveStore);
            Assert.Equal(1, onto.ExitCode);
            Assert.Contains("đã có", onto.Output);
            Assert.Equal(1, liveStore.Probe.CountRatings());

            var notEmpty = await RunCommandAsync("backup", copy, live, liveStore);
            Assert.Equal(1, notEmpty.ExitCode);
            Assert.Contains("phải trống", notEmpty.Output);

            var databaseFile = provider == Providers.Postgres ? "parsurvey.dump" : "parsurvey.db";
            var database = Path.Combine(copy, databaseFile);
            var bytes = await File.ReadAllBytesAsync(database);
            bytes[^1] ^= 0xFF;
            await File.WriteAllBytesAsync(database, bytes);
            var damaged = await RunCommandAsync("restore", copy, empty, emptyStore);
            Assert.Equal(1, damaged.ExitCode);
            Assert.Contains(databaseFile, damaged.Output);
            Assert.Equal(0, emptyStore.Probe.CountRatings());
            Assert.False(File.Exists(Path.Combine(empty, "parsurvey.db")));
        }
        finally
        {
            foreach (var folder in folders) Directory.Delete(folder, recursive: true);
        }
    }

    private static long TotalOf(JsonElement report) => report.GetProperty("summary").GetProperty("current").GetProperty("total").GetInt64();

    /// <summary>Waits for the condition with the suite's own poller; a writer that failed fails the test at once, with its reason.</summary>
    private static async Task Until(Func<bool> condition, string what, Task[] writers)
    {
        var held = await Eventually.TrueAsync(() => condition() || writers.Any(w => w.IsFaulted), TimeSpan.FromSeconds(60));
        if (writers.FirstOrDefault(w => w.IsFaulted) is { } failed) await failed;
        if (!held) throw new TimeoutException("waited 60 s for " + what);
    }

    /// <summary>The built SurveyApi.dll with a command, as README documents it (dotnet run does the same after a build).</summary>
    private static async Task<(int ExitCode, string Output)> RunCommandAsync(string command, string backupFolder, string dataDirectory, TestStore store)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "SurveyApi.dll"), command, backupFolder, $"--ParSurvey:DataDirectory={dataDirectory}" }
                     .Concat(store.Arguments))
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (process.ExitCode, await output + await error);
    }
}
