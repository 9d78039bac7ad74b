using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ParSurvey.SurveyApi.Reports;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Catalog;

/// <summary>A unit's document header lives in the catalog (units[].document): checked, round-tripped, audited, and
/// resolved item by item from the unit, its ancestors, then ParSurvey:Reports:Document.</summary>
public class UnitDocumentHeaderTests
{
    private static Task<HttpResponseMessage> PutAsync(HttpClient admin, JsonNode catalog, string path = "/api/admin/catalog") =>
        admin.PutAsync(path, new StringContent(catalog.ToJsonString(), Encoding.UTF8, "application/json"));

    private static JsonObject Unit(JsonNode catalog, string id) =>
        catalog["units"]!.AsArray().Select(n => n!.AsObject()).Single(o => o["id"]!.GetValue<string>() == id);

    [Fact]
    public async Task AWardInheritsWhatItLeavesOutFromTheCityUnitThenFromTheConfiguration()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: ["--ParSurvey:Reports:Document:SignerName=Người ký mặc định"]);
        var admin = await server.AdminAsync();
        var catalog = JsonNode.Parse(await admin.GetStringAsync("/api/admin/catalog"))!;
        Unit(catalog, "city")["document"] = new JsonObject
        {
            ["parentBody"] = "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
            ["recipients"] = new JsonArray("Văn phòng UBND Thành phố;", "Lưu: VT."),
        };
        Unit(catalog, "ward-a")["document"] = new JsonObject
        {
            ["issuingBody"] = "  ỦY BAN NHÂN DÂN PHƯỜNG A  ",
            ["symbol"] = "BC-UBND",
            ["place"] = "Phường A",
            ["signerAuthority"] = "KT. CHỦ TỊCH",
            ["signerTitle"] = "PHÓ CHỦ TỊCH",
        };
        var saved = await PutAsync(admin, catalog);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        Assert.Contains("văn bản/document header: city, ward-a", (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary").GetString());

        // The annex has no document of its own: Phường A's items, the city's parent body and recipients, the configured signer.
        var resolved = await admin.GetFromJsonAsync<JsonElement>("/api/admin/catalog/document-header?unitId=ward-a-annex");
        var header = resolved.GetProperty("header");
        Assert.Equal("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", header.GetProperty("parentBody").GetString());
        Assert.Equal("ỦY BAN NHÂN DÂN PHƯỜNG A", header.GetProperty("issuingBody").GetString()); // trimmed when saved
        Assert.Equal("BC-UBND", header.GetProperty("symbol").GetString());
        Assert.Equal("KT. CHỦ TỊCH", header.GetProperty("signerAuthority").GetString());
        Assert.Equal("Người ký mặc định", header.GetProperty("signerName").GetString());
        Assert.Equal(["Văn phòng UBND Thành phố;", "Lưu: VT."], header.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));
        var from = resolved.GetProperty("from");
        Assert.Equal("ward-a", from.GetProperty("symbol").GetString());
        Assert.Equal("city", from.GetProperty("parentBody").GetString());
        Assert.Equal(JsonValueKind.Null, from.GetProperty("signerName").ValueKind);

        // Phường B has nothing of its own: it issues under its own name (the configured issuing body is empty).
        var wardB = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/catalog/document-header?unitId=ward-b")).GetProperty("header");
        Assert.Equal("Phường B", wardB.GetProperty("issuingBody").GetString());
        Assert.Equal("BC-VP", wardB.GetProperty("symbol").GetString());

        // The service the report renderers ask gives the same header.
        var headers = server.Services.GetRequiredService<IDocumentHeaders>();
        Assert.Equal("BC-UBND", headers.For("ward-a-annex", "Điểm tiếp nhận phường A").Symbol);

        // The filed PDF as the office prints it: the annex issues under Phường A's header, the city's parent body, the
        // configured signer (page 1 read by OCR, the signer's block from the text of the last page); Phường B under its own name.
        var folder = TempFolder.Create();
        async Task<(string FirstPage, string All)> PrintedAsync(string unitId)
        {
            var pdf = Path.Combine(folder, unitId + ".pdf");
            await File.WriteAllBytesAsync(pdf, await admin.GetByteArrayAsync($"/api/reports?period=2026-11&unitId={unitId}&format=pdf"));
            return (await DocumentTools.OcrPageAsync(pdf, 1), await DocumentTools.TextAsync(pdf));
        }
        var annex = await PrintedAsync("ward-a-annex");
        // The left block is narrow: the parent body breaks after "THÀNH PHỐ", and OCR reads the two columns line by line.
        Assert.Contains("ỦY BAN NHÂN DÂN THÀNH PHỐ", annex.FirstPage);
        Assert.Contains("HỒ CHÍ MINH", annex.FirstPage);
        Assert.Contains("ỦY BAN NHÂN DÂN PHƯỜNG A", annex.FirstPage);
        Assert.Contains("/BC-UBND", annex.FirstPage);
        Assert.Contains("Phường A, ngày", annex.FirstPage);
        foreach (var line in new[] { "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Người ký mặc định", "Văn phòng UBND Thành phố;" })
            Assert.Contains(line, annex.All);
        var printedB = await PrintedAsync("ward-b");
        Assert.Contains("PHƯỜNG B", printedB.FirstPage);
        Assert.Contains("/BC-VP", printedB.FirstPage);
        Assert.DoesNotContain("BC-UBND", printedB.All);
        Assert.DoesNotContain("KT. CHỦ TỊCH", printedB.All);

        // Put back what GET gave: nothing changes, nothing audited.
        var again = await PutAsync(admin, JsonNode.Parse(await admin.GetStringAsync("/api/admin/catalog"))!);
        Assert.False((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetBoolean());
        var audit = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit")).EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "catalog.replace").ToArray();
        Assert.Contains("văn bản/document header: city, ward-a", Assert.Single(audit).GetProperty("details").GetString());
    }

    [Fact]
    public async Task AnUnknownKeyABadSymbolOrTooManyCharactersAreRefusedByPathAndNothingChanges()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var admin = await server.AdminAsync();
        var before = await admin.GetStringAsync("/api/admin/catalog");
        var catalog = JsonNode.Parse(before)!;
        var index = catalog["units"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList().IndexOf("ward-a");
        Unit(catalog, "ward-a")["document"] = new JsonObject
        {
            ["signer"] = "Nguyễn Văn A",
            ["symbol"] = "12/BC-UBND",
            ["place"] = new string('P', 101),
            ["recipients"] = new JsonArray("Như trên;", new string('x', 201)),
        };
        var refused = await PutAsync(admin, catalog);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var key in new[] { "signer", "symbol", "place", "recipients[1]" })
            Assert.True(errors.TryGetProperty($"units[{index}].document.{key}", out _), $"expected a problem at units[{index}].document.{key}: {errors}");
        Assert.Equal(before, await admin.GetStringAsync("/api/admin/catalog"));

        var posted = await admin.PostAsync("/api/admin/catalog/document-header?unitId=nowhere",
            new StringContent(before, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.True((await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("unitId", out _));
    }
}
