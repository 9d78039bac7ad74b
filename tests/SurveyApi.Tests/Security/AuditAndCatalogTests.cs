using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

public class AuditAndCatalogTests
{
    [Fact]
    public async Task AdminChangesAreAuditedWithWhoWhenAndWhat()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock);
        var admin = await server.AdminAsync();
        await admin.PostAsJsonAsync("/api/admin/staff", new { email = "bc@test.vn", displayName = "Báo cáo", role = "reporter", password = "Bao-cao-2026!" });
        var device = await (await admin.PostAsJsonAsync("/api/admin/devices", new { counterId = "b1", name = "Máy B1" })).Content.ReadFromJsonAsync<JsonElement>();
        await admin.DeleteAsync($"/api/admin/devices/{device.GetProperty("id").GetString()}");

        var entries = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit")).EnumerateArray().ToArray();
        var actions = entries.Where(e => e.GetProperty("actor").GetString() == ParSurveyServer.AdminEmail).Select(e => e.GetProperty("action").GetString()).ToArray();
        Assert.Equal(["device.revoke", "device.create", "staff.create", "staff.signin"], actions); // newest first
        Assert.All(entries, e => Assert.Equal(clock.Now, e.GetProperty("at").GetDateTimeOffset()));
        Assert.All(entries, e => Assert.Equal("2026-11-20T09:00:00+07:00", e.GetProperty("atLocal").GetString()));
        Assert.Contains(entries, e => e.GetProperty("target").GetString() == "staff:bc@test.vn");
        var text = string.Join("\n", entries.Select(e => e.GetRawText()));
        Assert.DoesNotContain("Bao-cao-2026!", text);
        Assert.DoesNotContain(device.GetProperty("pairingCode").GetString()!, text);
    }

    [Fact]
    public async Task AdminReplacesTheCatalogAndItSurvivesARestart()
    {
        var data = TempFolder.Create();
        await using (var server = await ParSurveyServer.StartAsync(dataDirectory: data))
        {
            var catalog = JsonNode.Parse(TestCatalog.Json())!;
            catalog["counters"]!.AsArray().Add(new JsonObject
            {
                ["id"] = "b2", ["unitId"] = "ward-b", ["name"] = "Quầy 2 – Đất đai", ["fieldCodes"] = new JsonArray("dat-dai"),
            });
            catalog["fields"]![0]!["target"] = 0.97;
            var admin = await server.AdminAsync();
            var response = await admin.PutAsync("/api/admin/catalog", JsonContent.Create(catalog));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains((await server.Client.GetFromJsonAsync<JsonElement>("/api/catalog")).GetProperty("counters").EnumerateArray(),
                c => c.GetProperty("id").GetString() == "b2");
            Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(RatingBody.New("b2"))).StatusCode);
            var report = await admin.GetFromJsonAsync<JsonElement>("/api/satisfaction?groupBy=field");
            Assert.Equal(0.97, report.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("key").GetString() == "ho-tich").GetProperty("target").GetDouble());
        }
        await using (var restarted = await ParSurveyServer.StartAsync(dataDirectory: data))
        {
            Assert.Contains((await restarted.Client.GetFromJsonAsync<JsonElement>("/api/catalog")).GetProperty("counters").EnumerateArray(),
                c => c.GetProperty("id").GetString() == "b2");
        }
    }

    [Fact]
    public async Task BrokenCatalogUploadChangesNothingAndListsEveryProblem()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var broken = """{ "units": [ { "id": "u", "name": "U", "parentId": "nowhere" } ], "counters": [ { "id": "q", "unitId": "zz", "name": "Q", "fieldCodes": [] } ] }""";
        var response = await (await server.AdminAsync()).PutAsync("/api/admin/catalog", new StringContent(broken, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("'nowhere'", errors.GetProperty("units[0].parentId")[0].GetString());
        Assert.Contains("'zz'", errors.GetProperty("counters[0].unitId")[0].GetString());
        Assert.Contains("at least one field", errors.GetProperty("counters[0].fieldCodes")[0].GetString());
        Assert.Equal(5, (await server.Client.GetFromJsonAsync<JsonElement>("/api/catalog")).GetProperty("counters").GetArrayLength());
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "catalog.json")));
    }
}
