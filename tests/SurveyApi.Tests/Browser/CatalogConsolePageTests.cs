using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>/admin/catalog in Chromium: forms checked in Vietnamese, a server preview of what a draft changes and touches, save, download and upload.</summary>
[Collection(BrowserCollection.Name)]
public class CatalogConsolePageTests(BrowserFixture browser)
{
    private static async Task<JsonObject> CatalogInForceAsync(ParSurveyServer server) =>
        JsonNode.Parse(await (await server.AdminAsync()).GetStringAsync("/api/admin/catalog"))!.AsObject();

    private static JsonObject Item(JsonObject catalog, string list, string id) =>
        catalog[list]!.AsArray().Select(n => n!.AsObject()).Single(o => (o["id"] ?? o["code"])!.GetValue<string>() == id);

    [Fact]
    public async Task AdminSetsAFieldTargetInAFormSeesWhatItChangesAndSavesIt()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server, "/admin/catalog");
        await using var _ = context;
        await Assertions.Expect(page.Locator("#list-units tr[data-id='ward-a-annex'] th")).ToContainTextAsync("Điểm tiếp nhận phường A");
        await Assertions.Expect(page.Locator("#save")).ToBeDisabledAsync();

        // Sở X names the built-in 3-level scale without defining it: its form keeps it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sửa Sở X" }).ClickAsync();
        await Assertions.Expect(page.Locator("#form-units").GetByLabel("Thang đo")).ToHaveValueAsync("3-muc");
        await Assertions.Expect(page.GetByLabel("Chỉ tiêu (%)")).ToHaveValueAsync("90");
        await page.Locator("#form-units").GetByRole(AriaRole.Button, new() { Name = "Đưa vào bản nháp" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview")).ToHaveTextAsync("Bản nháp giống danh mục đang dùng.");

        // Checked in the form, in Vietnamese, before anything reaches the draft.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sửa Hộ tịch" }).ClickAsync();
        await page.GetByLabel("Chỉ tiêu (%)").FillAsync("120");
        await page.Locator("#form-fields").GetByRole(AriaRole.Button, new() { Name = "Đưa vào bản nháp" }).ClickAsync();
        await Assertions.Expect(page.Locator("#fields-target-error")).ToHaveTextAsync("Chỉ tiêu phải lớn hơn 0 và không quá 100 %.");
        await Assertions.Expect(page.GetByLabel("Chỉ tiêu (%)")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm quầy" }).ClickAsync();
        await page.Locator("#counters-id").FillAsync("Quầy 9");
        await page.Locator("#form-counters").GetByRole(AriaRole.Button, new() { Name = "Đưa vào bản nháp" }).ClickAsync();
        await Assertions.Expect(page.Locator("#counters-id-error")).ToContainTextAsync("Mã gồm 1–64 ký tự a-z, 0-9");
        await Assertions.Expect(page.Locator("#counters-name-error")).ToHaveTextAsync("Bắt buộc nhập.");
        await Assertions.Expect(page.Locator("#counters-fieldCodes-error")).ToHaveTextAsync("Chọn ít nhất một lĩnh vực.");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.Locator("#form-counters").GetByRole(AriaRole.Button, new() { Name = "Hủy" }).ClickAsync();

        await page.GetByLabel("Chỉ tiêu (%)").FillAsync("97,5");
        await page.Locator("#form-fields").GetByRole(AriaRole.Button, new() { Name = "Đưa vào bản nháp" }).ClickAsync();
        await Assertions.Expect(page.Locator("#changes")).ToContainTextAsync("Chỉ tiêu lĩnh vực Hộ tịch: mặc định → 97,5\u00a0%");
        await Assertions.Expect(page.Locator("#affected")).ToHaveTextAsync("Không chạm tới đánh giá nào đã có.");
        Assert.Null(Item(await CatalogInForceAsync(server), "fields", "ho-tich")["target"]); // a draft is not saved
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await BrowserFixture.KeepScreenshotAsync(page, "console-catalog.png");

        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu danh mục" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("Đã lưu danh mục");
        Assert.Equal(0.975, Item(await CatalogInForceAsync(server), "fields", "ho-tich")["target"]!.GetValue<double>());
        var audit = await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/admin/audit");
        var entry = audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "catalog.replace");
        Assert.Contains("field ho-tich mặc định/default→0.975", entry.GetProperty("details").GetString());
        await Assertions.Expect(page.Locator("#list-fields tr[data-id='ho-tich']")).ToContainTextAsync("97,5\u00a0%");
    }

    [Fact]
    public async Task RemovingACounterWithRatingsShowsTheRatingsItTouchesAndSavesOnlyOnceConfirmed()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: [ParSurveyServer.NoPressFilter]);
        for (var i = 0; i < 3; i++)
        {
            var rated = await server.PostRatingAsync(RatingBody.New("b1", 4 - i, fieldCode: "ho-tich"));
            Assert.Equal(System.Net.HttpStatusCode.Created, rated.StatusCode);
        }
        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server, "/admin/catalog");
        await using var _ = context;

        // A unit still holding counters cannot go: the page says what uses it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Xóa Phường B" }).ClickAsync();
        await Assertions.Expect(page.Locator("#list-units-error")).ToHaveTextAsync("Không xóa được Phường B: còn được dùng bởi Quầy b1.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Xóa Quầy b1" }).ClickAsync();
        await Assertions.Expect(page.Locator("#changes")).ToContainTextAsync("Quầy: xóa Quầy b1");
        await Assertions.Expect(page.Locator("#affected")).ToContainTextAsync("Chạm tới 3 đánh giá đã có:");
        await Assertions.Expect(page.Locator("#affected li")).ToHaveTextAsync("quầy Quầy b1 bị xóa: 3 đánh giá");
        await Assertions.Expect(page.Locator("#save")).ToBeDisabledAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.GetByLabel("Tôi hiểu thay đổi này chạm tới 3 đánh giá đã có").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu danh mục" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("Đã lưu danh mục");
        Assert.DoesNotContain((await CatalogInForceAsync(server))["counters"]!.AsArray(), c => c!["id"]!.GetValue<string>() == "b1");
        await Assertions.Expect(page.Locator("#list-counters tr[data-id='b1']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheDownloadIsTheUploadFormatAndAnUploadWithAnUnknownKeyIsRefusedNamingWhere()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server, "/admin/catalog");
        await using var _ = context;
        var inForce = await (await server.AdminAsync()).GetStringAsync("/api/admin/catalog");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Tải JSON danh mục đang dùng" }).ClickAsync());
        var folder = TempFolder.Create();
        try
        {
            var path = Path.Combine(folder, "catalog.json");
            await download.SaveAsAsync(path);
            Assert.Equal("catalog.json", download.SuggestedFilename);
            Assert.Equal(inForce, await File.ReadAllTextAsync(path));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        // "scaleId" is the read view's word, not the file's: refused with the item named, nothing to save.
        var wrong = JsonNode.Parse(inForce)!.AsObject();
        Item(wrong, "units", "ward-a")["scaleId"] = "4-muc";
        await page.GetByLabel("Nạp tệp JSON vào bản nháp").SetInputFilesAsync(new FilePayload
            { Name = "sai.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(wrong.ToJsonString()) });
        await Assertions.Expect(page.Locator("#problems")).ToContainTextAsync("units[1] (Phường A).scaleId: Khóa không được hỗ trợ");
        await Assertions.Expect(page.Locator("#save")).ToBeDisabledAsync();
        await page.GetByLabel("Nạp tệp JSON vào bản nháp").SetInputFilesAsync(new FilePayload
            { Name = "hong.json", MimeType = "application/json", Buffer = "{ \"units\": ["u8.ToArray() });
        await Assertions.Expect(page.Locator("#upload-error")).ToContainTextAsync("hong.json không phải JSON hợp lệ");

        var renamed = JsonNode.Parse(inForce)!.AsObject();
        renamed["name"] = "Danh mục năm 2027";
        await page.GetByLabel("Nạp tệp JSON vào bản nháp").SetInputFilesAsync(new FilePayload
            { Name = "moi.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(renamed.ToJsonString()) });
        await Assertions.Expect(page.Locator("#changes")).ToHaveTextAsync("Tên, dữ liệu mẫu hoặc thang đo mặc định");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu danh mục" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToBeVisibleAsync();
        Assert.Equal("Danh mục năm 2027", (await CatalogInForceAsync(server))["name"]!.GetValue<string>());

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Procedure fields" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Chứng thực" }).ClickAsync();
        await page.GetByLabel("Target (%)").FillAsync("0");
        await page.Locator("#form-fields").GetByRole(AriaRole.Button, new() { Name = "Put into the draft" }).ClickAsync();
        await Assertions.Expect(page.Locator("#fields-target-error")).ToHaveTextAsync("A target must be above 0 and at most 100 %.");
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }
}
