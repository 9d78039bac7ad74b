using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;
using static ParSurvey.SurveyApi.Tests.Infrastructure.KioskTablet;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>"Gửi phản ánh, kiến nghị" on the counter's tablet (issue 18), online and offline, in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public class KioskFeedbackTests(BrowserFixture browser)
{
    private const string FormTitle = "Gửi phản ánh, kiến nghị";
    private const string Filed = "Đơn vị đã nhận phản ánh của Ông/Bà";
    private const string Question = "Ông/Bà đánh giá thế nào về sự phục vụ hôm nay?";

    private static readonly string[] Timings =
        ["--ParSurvey:Kiosk:CooldownSeconds=0.2", "--ParSurvey:Kiosk:ThankYouSeconds=10", "--ParSurvey:Kiosk:FollowUpSeconds=60"];

    private static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static Task<int> OutboxCountAsync(IPage page) => page.EvaluateAsync<int>("""
        () => new Promise((resolve, reject) => {
          const open = indexedDB.open('parsurvey-kiosk', 1);
          open.onsuccess = () => { const all = open.result.transaction('outbox').objectStore('outbox').count();
            all.onsuccess = () => { open.result.close(); resolve(all.result); }; all.onerror = () => reject(all.error); };
          open.onerror = () => reject(open.error);
        })
        """);

    private static async Task<bool> TrackedAsync(ParSurveyServer server, string code) =>
        (await server.Client.GetAsync($"/api/feedback/track/{code}")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task ACitizenFilesFeedbackAtTheKioskOnlineAndOfflineKeepsTheCodeShownAndTheQueueIsCountedOnce()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: Timings);
        var (context, page) = await OpenPairedAsync(browser, server, "a1");
        await using var _ = context;

        // Online, after a satisfied rating: the thank-you offers the form; the receipt has the code and the due date.
        await Level(page, "Hài lòng").ClickAsync();
        await Button(page, FormTitle).ClickAsync();
        await Assertions.Expect(Heading(page, FormTitle)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Quầy a1")).ToBeVisibleAsync(); // the header: the tablet's own counter
        await Button(page, "Gửi phản ánh").ClickAsync();
        await Assertions.Expect(page.Locator("#feedback-category-error")).ToHaveTextAsync("Vui lòng chọn loại phản ánh.");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.GetByLabel("Cơ sở vật chất").CheckAsync();
        await page.GetByLabel("Nội dung phản ánh, kiến nghị").FillAsync("Ghế chờ ở khu vực quầy 1 bị hỏng, người già phải đứng.");
        await Button(page, "Gửi phản ánh").ClickAsync();
        await Assertions.Expect(Heading(page, Filed)).ToBeVisibleAsync();
        var online = (await page.Locator("#filed-code").TextContentAsync())!;
        Assert.Matches("^PA-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$", online);
        await Assertions.Expect(page.Locator("#filed-detail")).ToContainTextAsync("Hạn trả lời:");
        await Assertions.Expect(page.Locator("#filed-lookup")).ToContainTextAsync($"http://localhost:5080/phan-anh/{online}");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        Assert.True(await TrackedAsync(server, online));
        await Button(page, "Xong").ClickAsync();
        await Assertions.Expect(Heading(page, Question)).ToBeVisibleAsync();

        // Offline, from the "why not satisfied?" question: the rating goes into the queue, then the form.
        await context.SetOfflineAsync(true);
        await Level(page, "Không hài lòng").ClickAsync();
        await Button(page, FormTitle).ClickAsync();
        await Assertions.Expect(Heading(page, FormTitle)).ToBeVisibleAsync();
        await page.GetByLabel("Nhũng nhiễu, tiêu cực").CheckAsync();
        await page.GetByLabel("Nội dung phản ánh, kiến nghị").FillAsync("Cán bộ gợi ý nộp thêm tiền để được giải quyết nhanh.");
        await page.GetByLabel("Số điện thoại hoặc email để nhận trả lời (không bắt buộc)").FillAsync("0987 654 321");
        await Button(page, "Gửi phản ánh").ClickAsync();
        // A contact needs the citizen's consent (Nghị định 13/2023/NĐ-CP), said beside the box; nothing is queued yet.
        await Assertions.Expect(page.Locator("#feedback-consent-error")).ToContainTextAsync("Nghị định 13/2023/NĐ-CP");
        Assert.Equal(1, await OutboxCountAsync(page)); // only the rating
        await page.GetByLabel("Tôi đồng ý").CheckAsync();
        await Button(page, "Gửi phản ánh").ClickAsync();
        await Assertions.Expect(Heading(page, Filed)).ToBeVisibleAsync();
        var offline = (await page.Locator("#filed-code").TextContentAsync())!;
        Assert.Matches("^PA-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$", offline);
        await Assertions.Expect(page.Locator("#filed-detail")).ToContainTextAsync("sẽ tự gửi khi có mạng");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        Assert.Equal(2, await OutboxCountAsync(page));
        Assert.Equal(1, server.Store.CountFeedback());
        var queued = await page.EvaluateAsync<string>("""
            () => new Promise(resolve => { const open = indexedDB.open('parsurvey-kiosk', 1);
              open.onsuccess = () => { const all = open.result.transaction('outbox').objectStore('outbox').getAll();
                all.onsuccess = () => { open.result.close(); resolve(JSON.stringify(all.result.find(i => i.kind === 'feedback'))); }; }; })
            """);

        // The next citizen sees an empty form: nothing of the last one stays on the shared tablet.
        await Button(page, "Xong").ClickAsync();
        await Level(page, "Hài lòng").ClickAsync();
        await Button(page, FormTitle).ClickAsync();
        Assert.Equal("", await page.GetByLabel("Số điện thoại hoặc email để nhận trả lời (không bắt buộc)").InputValueAsync());
        Assert.Equal("", await page.GetByLabel("Nội dung phản ánh, kiến nghị").InputValueAsync());
        await Button(page, "Hủy, không gửi").ClickAsync();

        // Back online: the queue goes out by itself, under the code the citizen was shown.
        await context.SetOfflineAsync(false);
        Assert.True(await Eventually.TrueAsync(() => TrackedAsync(server, offline), TimeSpan.FromSeconds(30)), $"{offline} never reached the server");
        Assert.True(await Eventually.TrueAsync(async () => await OutboxCountAsync(page) == 0, TimeSpan.FromSeconds(30)), "the outbox did not empty");
        Assert.Equal(3, server.StoredRatings); // three citizens rated; two of them filed feedback

        // The same item replayed (a lost answer, a restored backup of the tablet): stored once, counted once.
        await page.EvaluateAsync("""
            text => new Promise(resolve => { const open = indexedDB.open('parsurvey-kiosk', 1);
              open.onsuccess = () => { const tx = open.result.transaction('outbox', 'readwrite'); tx.objectStore('outbox').put(JSON.parse(text));
                tx.oncomplete = () => { open.result.close(); resolve(); }; }; })
            """, queued);
        Assert.True(await Eventually.TrueAsync(async () => await OutboxCountAsync(page) == 0, TimeSpan.FromSeconds(30)), "the replayed item stayed queued");
        Assert.Equal((2L, 1L), (server.Store.CountFeedback(), server.Store.CountFeedback(contacts: true)));
        var admin = await server.AdminAsync();
        var items = (await admin.GetFromJsonAsync<JsonElement>("/api/feedback")).EnumerateArray().ToList();
        Assert.All(items, i => Assert.Equal(("a1", "kiosk"), (i.GetProperty("counterId").GetString(), i.GetProperty("channel").GetString())));
        var urgent = items.Single(i => i.GetProperty("code").GetString() == offline);
        Assert.Equal("nhung-nhieu", urgent.GetProperty("category").GetString());
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>("/api/reports?period=" + DateTime.UtcNow.AddHours(7).ToString("yyyy-MM") + "&unitId=ward-a&format=json"))
            .GetProperty("feedback").EnumerateArray().Single(r => r.GetProperty("unitId").GetString() == "ward-a" && r.GetProperty("category").GetString() == "nhung-nhieu")
            .GetProperty("received").GetInt64());
    }
}
