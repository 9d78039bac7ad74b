using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.Analytics;
using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Ratings;

/// <summary>
/// Every level of every scale is in a group (satisfied, neutral, not satisfied); a rating stores its scale and group at
/// ingest; reasons are for ratings that are not satisfied.
/// </summary>
public class LevelGroupTests
{
    private static string CatalogWithScale(string levels) => $$"""
        {
          "name": "Danh mục thử", "defaultScale": "4-muc",
          "scales": [ { "id": "thang-so", "name": "Thang của Sở", "levels": {{levels}} } ],
          "units": [ { "id": "city", "name": "Thành phố", "scale": "thang-so" } ],
          "counters": [ { "id": "c1", "unitId": "city", "name": "Quầy 1", "fieldCodes": [ "ho-tich" ] } ],
          "fields": [ { "code": "ho-tich", "name": "Hộ tịch" } ],
          "reasons": [ { "code": "cho-lau", "label": "Thời gian chờ lâu" } ]
        }
        """;

    [Fact]
    public void ACatalogScaleNamesTheGroupOfEachLevel()
    {
        using var json = JsonDocument.Parse(CatalogWithScale("""
            [ { "score": 3, "label": "Tốt", "labelEn": "Good", "group": "satisfied" },
              { "score": 2, "label": "Tạm được", "labelEn": "Fair", "group": "neutral" },
              { "score": 1, "label": "Kém", "labelEn": "Poor", "group": "notSatisfied" } ]
            """));
        var scale = CatalogLoader.Read(json.RootElement, "test").FindScale("thang-so")!;
        Assert.Equal([LevelGroup.Satisfied, LevelGroup.Neutral, LevelGroup.NotSatisfied], scale.Levels.Select(l => l.Group));
    }

    [Fact]
    public void ACatalogLevelWithoutAGroupIsRefused()
    {
        using var json = JsonDocument.Parse(CatalogWithScale("""
            [ { "score": 2, "label": "Tốt", "labelEn": "Good", "group": "satisfied" }, { "score": 1, "label": "Kém", "labelEn": "Poor" } ]
            """));
        var problem = Assert.Throws<CatalogException>(() => CatalogLoader.Read(json.RootElement, "test"));
        Assert.Contains("group", problem.Message);
    }

    [Fact]
    public async Task EachRatingStoresTheScaleAndGroupItWasGivenOn()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: [ParSurveyServer.NoPressFilter]);
        Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(RatingBody.New("a1", 2))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(RatingBody.New("x1", 2))).StatusCode);
        // Level 2: "Bình thường" (neutral) on the wards' 4 levels, "Hài lòng" (satisfied) on Sở X's 3 levels.
        Assert.Equal(1, server.Store.Count(r => r.CounterId == "a1" && r.ScaleId == "4-muc" && r.LevelGroup == "neutral" && !r.Satisfied));
        Assert.Equal(1, server.Store.Count(r => r.CounterId == "x1" && r.ScaleId == "3-muc" && r.LevelGroup == "satisfied" && r.Satisfied));
    }

    [Theory]
    [InlineData("a1", 4)]
    [InlineData("a1", 3)]
    [InlineData("x1", 2)] // "Hài lòng" on the 3-level scale
    public async Task ReasonsOnASatisfiedLevelAreRefusedNamingReasons(string counter, int score)
    {
        await using var server = await ParSurveyServer.StartAsync();
        var body = RatingBody.New(counter, score);
        body["reasons"] = new[] { "cho-lau" };
        var response = await server.PostRatingAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["reasons"], errors.EnumerateObject().Select(e => e.Name));

        var batch = await (await server.PostBatchAsync(counter, [body])).Content.ReadFromJsonAsync<JsonElement>();
        var item = Assert.Single(batch.GetProperty("results").EnumerateArray());
        Assert.Equal(400, item.GetProperty("status").GetInt32());
        Assert.True(item.GetProperty("errors").TryGetProperty("reasons", out _));
        Assert.Equal(0, server.StoredRatings);
    }

    [Fact]
    public async Task ReasonsOnANeutralOrUnhappyLevelAreKept()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: [ParSurveyServer.NoPressFilter]);
        foreach (var (counter, score) in new[] { ("a1", 2), ("a1", 1), ("x1", 1) })
        {
            var body = RatingBody.New(counter, score);
            body["reasons"] = new[] { "cho-lau" };
            Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(body)).StatusCode);
        }
        Assert.Equal(3, server.Store.Count(r => r.Reasons.SequenceEqual(["cho-lau"])));
    }
}
