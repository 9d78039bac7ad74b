using ParSurvey.SurveyApi.Catalog;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Catalog;

/// <summary>The files the server starts from pass the same checks as an upload.</summary>
public class CatalogFileTests
{
    [Fact]
    public void DemoCatalogPassesTheUploadChecksWithEveryIdAllowed()
    {
        var demo = CatalogLoader.Load(Path.Combine(AppContext.BaseDirectory, "Catalog", "demo-catalog.json"));
        var ids = demo.Units.Select(u => u.Id).Concat(demo.Counters.Select(c => c.Id)).Concat(demo.Fields.Select(f => f.Code))
            .Concat(demo.Reasons.Select(r => r.Code)).ToArray();
        Assert.True(ids.Length > 40, $"the demo has {ids.Length} ids");
        Assert.All(ids, id => Assert.Matches("^[a-z0-9-]{1,64}$", id));
        // The kiosk's English switch has a name for everything a citizen sees.
        Assert.All(demo.Units, u => Assert.False(string.IsNullOrWhiteSpace(u.NameEn), u.Id));
        Assert.All(demo.Counters, c => Assert.False(string.IsNullOrWhiteSpace(c.NameEn), c.Id));
        Assert.All(demo.Fields, f => Assert.False(string.IsNullOrWhiteSpace(f.NameEn), f.Code));
        Assert.All(demo.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.LabelEn), r.Code));
    }

    [Fact]
    public async Task ConfiguredCatalogWithAnUnknownKeyOrABadIdStopsStartUp()
    {
        var json = TestCatalog.Json().Replace("\"id\":\"ward-b\"", "\"id\":\"Ward_B\"").Replace("\"demo\":false", "\"demo\":false,\"scaleId\":\"4-muc\"");
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ParSurveyServer.StartAsync(catalogJson: json));
        Assert.Contains("scaleId: Khóa không được hỗ trợ", e.ToString());
        Assert.Contains("'Ward_B' không hợp lệ", e.ToString());
    }
}
