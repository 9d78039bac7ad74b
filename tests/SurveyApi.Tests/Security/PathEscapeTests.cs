using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ParSurvey.SurveyApi.Hosting;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

/// <summary>Issue 13, finding 5: catalog ids became report file names and reached outside the data folder.</summary>
public class PathEscapeTests
{
    [Fact]
    public async Task CatalogIdsThatWouldLeaveTheDataFolderAreRefusedAndTheArchiveWritesNothingOutsideIt()
    {
        var outside = TempFolder.Create();
        try
        {
            var clock = new SettableClock(new DateTimeOffset(2026, 11, 10, 3, 0, 0, TimeSpan.Zero));
            await using var server = await ParSurveyServer.StartAsync(clock);
            var admin = await server.AdminAsync();
            var climbing = $"../../../escape-{Guid.NewGuid():N}";
            var absolute = Path.Combine(outside, "absolute");
            var catalog = JsonNode.Parse(await admin.GetStringAsync("/api/admin/catalog"))!.AsObject();
            var units = catalog["units"]!.AsArray();
            units.Add(new JsonObject { ["id"] = climbing, ["name"] = "Đơn vị leo thư mục", ["parentId"] = "city" });
            units.Add(new JsonObject { ["id"] = absolute, ["name"] = "Đơn vị đường dẫn tuyệt đối", ["parentId"] = "city" });

            var upload = await admin.PutAsync("/api/admin/catalog", new StringContent(catalog.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
            var errors = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.Contains("a-z, 0-9", errors.GetProperty("units[5].id")[0].GetString());
            Assert.Contains("a-z, 0-9", errors.GetProperty("units[6].id")[0].GetString());

            var job = await admin.PostAsJsonAsync("/api/reports/jobs", new { period = "2026-10", formats = new[] { "json", "csv" } });
            Assert.Equal(HttpStatusCode.Accepted, job.StatusCode);
            var location = job.Headers.Location!.OriginalString;
            var state = "";
            Assert.True(await Eventually.TrueAsync(() => (state = admin.GetFromJsonAsync<JsonElement>(location).Result.GetProperty("state").GetString()!) != "running",
                TimeSpan.FromSeconds(30)), "the archive job did not finish");
            Assert.Equal("done", state);

            // Where files would have gone when the archive still wrote them under data/reports/2026-10/, and under the
            // absolute id: nothing. Archived files are kept in the store now, none in the data folder.
            var reportFolder = Path.Combine(server.DataDirectory, "reports", "2026-10");
            var climbed = Path.GetFullPath(Path.Combine(reportFolder, climbing));
            if (Directory.Exists(Path.GetDirectoryName(climbed)))
                Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(climbed)!, Path.GetFileName(climbed) + "*"));
            Assert.Empty(Directory.GetFileSystemEntries(outside));
            Assert.False(Directory.Exists(Path.Combine(server.DataDirectory, "reports")), "the archive wrote into the data folder");
            var archived = (await admin.GetFromJsonAsync<JsonElement>("/api/reports/archive?period=2026-10")).EnumerateArray().ToList();
            Assert.Equal(2 * 6, archived.Count); // the city and five units, in two formats
            foreach (var entry in archived)
                Assert.Equal(entry.GetProperty("size").GetInt64(),
                    (await admin.GetByteArrayAsync($"/api/reports/archive/{entry.GetProperty("id").GetString()}")).LongLength);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Theory]
    [InlineData("../x.json")]
    [InlineData("a/../../x.json")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    [InlineData("..")]
    public void SafePathRefusesEveryNameThatLeavesItsFolder(string name)
    {
        var root = TempFolder.Create();
        try
        {
            Assert.Throws<UnsafePathException>(() => SafePath.Under(root, "reports", name));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void SafePathKeepsNamesInsideTheirFolder()
    {
        var root = TempFolder.Create();
        try
        {
            Assert.Equal(Path.Combine(root, "reports", "2026-10", "ward-a.json"), SafePath.Under(root, "reports", "2026-10", "ward-a.json"));
            Assert.Equal(Path.Combine(root, "b.json"), SafePath.Under(root + "/", "a/../b.json"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
