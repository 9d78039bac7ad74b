using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>/admin/catalog → "Văn bản": an admin gives Phường A its own document header in a form, sees the header its
/// reports will carry (own items, inherited ones, configured ones), and saves it with the catalog, audited.</summary>
[Collection(BrowserCollection.Name)]
public class CatalogDocumentPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task AdminGivesAWardItsOwnSymbolAndSignerSeesTheResolvedHeaderAndSavesItWithTheCatalog()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server, "/admin/catalog");
        await using var _ = context;
        var panel = page.Locator("#document-panel");

        await panel.GetByLabel("Đơn vị phát hành").SelectOptionAsync("ward-a");
        await panel.GetByLabel("Ký hiệu").FillAsync("12/BC-UBND");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Đưa vào bản nháp" }).ClickAsync();
        await Assertions.Expect(page.Locator("#doc-symbol-error")).ToContainTextAsync("Ký hiệu gồm chữ, số");
        await Assertions.Expect(page.Locator("#save")).ToBeDisabledAsync();

        await panel.GetByLabel("Ký hiệu").FillAsync("BC-UBND");
        await panel.GetByLabel("Thẩm quyền ký").FillAsync("KT. CHỦ TỊCH");
        await panel.GetByLabel("Chức vụ người ký").FillAsync("PHÓ CHỦ TỊCH");
        await panel.GetByLabel("Nơi nhận").FillAsync("UBND Thành phố;\nLưu: VT.");
        var symbolRow = page.Locator("#doc-resolved-table tr", new() { HasText = "Ký hiệu" });
        await Assertions.Expect(symbolRow).ToContainTextAsync("Số: …/BC-UBND");
        await Assertions.Expect(symbolRow).ToContainTextAsync("Của đơn vị");
        var issuerRow = page.Locator("#doc-resolved-table tr", new() { HasText = "Cơ quan ban hành" });
        await Assertions.Expect(issuerRow).ToContainTextAsync("Phường A"); // the configured issuing body is empty: the unit's name
        await Assertions.Expect(issuerRow).ToContainTextAsync("Cấu hình máy chủ");

        await panel.GetByRole(AriaRole.Button, new() { Name = "Đưa vào bản nháp" }).ClickAsync();
        await Assertions.Expect(page.Locator("#changes")).ToContainTextAsync("Phường A");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("Đã lưu danh mục");

        var admin = await server.AdminAsync();
        var saved = JsonNode.Parse(await admin.GetStringAsync("/api/admin/catalog"))!["units"]!.AsArray()
            .Single(u => u!["id"]!.GetValue<string>() == "ward-a")!["document"]!;
        Assert.Equal("BC-UBND", saved["symbol"]!.GetValue<string>());
        Assert.Equal("KT. CHỦ TỊCH", saved["signerAuthority"]!.GetValue<string>());
        Assert.Equal(["UBND Thành phố;", "Lưu: VT."], saved["recipients"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Null(saved["place"]); // left empty: inherited, not stored as ""

        // The annex, with nothing of its own, inherits Phường A's items; the audit log names the change.
        await panel.GetByLabel("Đơn vị phát hành").SelectOptionAsync("ward-a-annex");
        await Assertions.Expect(page.Locator("#doc-resolved-table tr", new() { HasText = "Ký hiệu" })).ToContainTextAsync("Kế thừa từ Phường A");
        var audit = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit")).EnumerateArray()
            .Single(e => e.GetProperty("action").GetString() == "catalog.replace");
        Assert.Contains("văn bản/document header: ward-a", audit.GetProperty("details").GetString());
    }
}
