using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Hosting;

public class HostingTests
{
    [Fact]
    public async Task HealthAnswersOk()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var health = await server.Client.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheRatingContract()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var doc = await server.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/health", "/api/catalog", "/api/ratings", "/api/ratings/batch", "/api/ratings/{id}", "/api/satisfaction" })
            Assert.True(paths.TryGetProperty(path, out _) || paths.TryGetProperty(path + "/", out _), $"{path} missing from {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        var schema = doc.GetProperty("components").GetProperty("schemas").GetProperty("RatingSubmission").GetProperty("properties");
        foreach (var property in new[] { "id", "counterId", "fieldCode", "score", "channel", "reasons", "comment", "procedureCode", "submittedAt" })
            Assert.True(schema.TryGetProperty(property, out _), $"RatingSubmission.{property} is not documented");
        Assert.Contains("idempotency", schema.GetProperty("id").GetProperty("description").GetString());
    }

    [Fact]
    public async Task CatalogHasTheAgreedShapeWithScaleLabelsInVietnamese()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var catalog = await server.Client.GetFromJsonAsync<JsonElement>("/api/catalog");
        var unit = catalog.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("id").GetString() == "ward-a-annex");
        Assert.Equal("ward-a", unit.GetProperty("parentId").GetString());
        Assert.Equal("Điểm tiếp nhận phường A", unit.GetProperty("name").GetString());
        var counter = catalog.GetProperty("counters").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "a2");
        Assert.Equal("ward-a", counter.GetProperty("unitId").GetString());
        Assert.Equal(["chung-thuc", "dat-dai"], counter.GetProperty("fieldCodes").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("3-muc", catalog.GetProperty("counters").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "x1").GetProperty("scaleId").GetString());
        Assert.Contains(catalog.GetProperty("fields").EnumerateArray(), f => f.GetProperty("code").GetString() == "ho-tich" && f.GetProperty("name").GetString() == "Hộ tịch");
        var levels = catalog.GetProperty("scale").GetProperty("levels").EnumerateArray()
            .Select(l => (l.GetProperty("score").GetInt32(), l.GetProperty("label").GetString(), l.GetProperty("satisfied").GetBoolean())).ToArray();
        Assert.Equal([(4, "Rất hài lòng", true), (3, "Hài lòng", true), (2, "Bình thường", false), (1, "Không hài lòng", false)], levels);
    }

    [Fact]
    public async Task BrokenCatalogStopsStartUpNamingEveryProblem()
    {
        var json = """
            { "units": [ { "id": "u", "name": "Đơn vị", "parentId": "ghost" } ],
              "fields": [ { "code": "ho-tich", "name": "Hộ tịch", "target": 95 } ],
              "counters": [ { "id": "q1", "unitId": "u", "name": "Quầy 1", "fieldCodes": ["dat-dai"] } ] }
            """;
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ParSurveyServer.StartAsync(catalogJson: json));
        Assert.Contains("units[0].parentId: 'ghost'", e.ToString());
        Assert.Contains("fields[0].target: target 95", e.ToString());
        Assert.Contains("counters[0].fieldCodes[0]: 'dat-dai'", e.ToString());
    }

    [Fact]
    public async Task InvalidSettingStopsStartUp()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ParSurveyServer.StartAsync(extraArgs: "--ParSurvey:Analytics:DefaultTarget=95"));
        Assert.Contains("DefaultTarget", e.ToString());
    }
}
