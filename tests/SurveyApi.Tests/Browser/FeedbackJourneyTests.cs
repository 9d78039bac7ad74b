using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>Citizens' feedback end to end, in Chromium: a phone files it, a supervisor answers it, everyone sees the answer.</summary>
[Collection(BrowserCollection.Name)]
public class FeedbackJourneyTests(BrowserFixture browser)
{
    private static readonly BrowserNewContextOptions Phone = new()
    {
        ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
    };

    [Fact]
    public async Task APhoneFilesFeedbackASupervisorAnswersItAndTheAnswerIsTrackedPublishedAndCounted()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var link = await (await server.AdminAsync()).PostAsJsonAsync("/api/qr-links", new { counterId = "a1" });
        var url = new Uri((await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!).AbsolutePath;

        // The citizen rates on the phone, then follows "Gửi phản ánh, kiến nghị" from the thanks screen.
        await using var phone = await browser.NewContextAsync(server, Phone);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(url);
        await page.GetByRole(AriaRole.Button, new() { Name = "Không hài lòng", Exact = true }).TapAsync();
        var skip = page.GetByRole(AriaRole.Button, new() { Name = "Bỏ qua" });
        if (await skip.IsVisibleAsync()) await skip.TapAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Gửi phản ánh, kiến nghị" }).TapAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Gửi phản ánh, kiến nghị" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Quầy a1")).ToBeVisibleAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.GetByLabel("Trễ hẹn").CheckAsync();
        await page.GetByLabel("Nội dung").FillAsync("Hồ sơ hẹn ngày 10/11 nhưng đến nay chưa có kết quả. Gọi tôi: 0987 654 321.");
        await page.GetByLabel("Số điện thoại hoặc email").FillAsync("0987 654 321");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi phản ánh, kiến nghị" }).TapAsync();
        // Without consent the contact is refused, and the form says so next to it.
        await Assertions.Expect(page.Locator("#consent-error")).ToContainTextAsync("Nghị định 13/2023");
        await page.GetByLabel("Tôi đồng ý").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi phản ánh, kiến nghị" }).TapAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Đã tiếp nhận");
        var code = (await page.Locator(".code strong").TextContentAsync())!;
        Assert.Matches("^PA-[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        await ConsoleBrowser.AssertAccessibleAsync(page);

        // The ward's supervisor assigns and answers it in the console, then publishes the answer.
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "supervisor", "ward-a");
        var (staffContext, console) = await browser.SignedInAsync(server, email, password, "/admin/feedback",
            new BrowserNewContextOptions { ViewportSize = new() { Width = 1366, Height = 900 } });
        await using var _ = staffContext;
        await console.GetByRole(AriaRole.Button, new() { Name = code }).ClickAsync();
        await Assertions.Expect(console.Locator("#detail-contact")).ToHaveTextAsync("0987 654 321");
        // No SMTP server in this test: the console says that e-mail notifications are not being sent.
        await Assertions.Expect(console.Locator("#mail-status")).ToContainTextAsync("Chưa cấu hình máy chủ thư");
        // Nor anyone to write to: said too, since then no mail is even queued.
        await Assertions.Expect(console.Locator("#mail-status")).ToContainTextAsync("Chưa cấu hình người nhận thư báo phản ánh khẩn");
        await ConsoleBrowser.AssertAccessibleAsync(console);
        await BrowserFixture.KeepScreenshotAsync(console, "console-feedback.png");
        await console.GetByLabel("Người xử lý (không bắt buộc)").FillAsync("Bộ phận một cửa");
        await console.GetByRole(AriaRole.Button, new() { Name = "Giao xử lý" }).ClickAsync();
        await Assertions.Expect(console.Locator("#detail-status")).ToHaveTextAsync("Đang xử lý");
        const string answer = "Hồ sơ đã có kết quả ngày 25/11; đơn vị xin lỗi Ông/Bà vì trễ hẹn.";
        await console.GetByLabel("Nội dung trả lời").FillAsync(answer);
        await console.GetByRole(AriaRole.Button, new() { Name = "Gửi trả lời" }).ClickAsync();
        await Assertions.Expect(console.Locator("#detail-status")).ToHaveTextAsync("Đã trả lời");
        await console.GetByRole(AriaRole.Button, new() { Name = "Công khai trả lời" }).ClickAsync();
        await Assertions.Expect(console.Locator("#detail-status")).ToHaveTextAsync("Đã công khai");

        // The citizen sees the answer under the code.
        await page.GotoAsync("/phan-anh");
        await page.GetByLabel("Tra cứu bằng mã").FillAsync(code.ToLowerInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).TapAsync();
        await Assertions.Expect(page.Locator("#answer")).ToHaveTextAsync(answer);

        // It appears on the unit's public page, anonymised: the phone number in the text is hidden.
        await page.GotoAsync("/cong-khai/ward-a");
        var published = page.Locator("article.answer");
        await Assertions.Expect(published).ToContainTextAsync(answer);
        await Assertions.Expect(published).ToContainTextAsync("Gọi tôi: [số]");
        Assert.DoesNotContain("654", await page.ContentAsync());

        // And the month's report counts it: received, answered on time, published.
        var report = await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>($"/api/reports?period={DateTime.UtcNow.AddHours(7):yyyy-MM}&unitId=ward-a&format=json");
        var row = report.GetProperty("feedback").EnumerateArray().Single(r => r.GetProperty("unitId").GetString() == "ward-a");
        Assert.Equal((1, 1, 1, 0, 1), (row.GetProperty("received").GetInt64(), row.GetProperty("answered").GetInt64(),
            row.GetProperty("answeredOnTime").GetInt64(), row.GetProperty("overdue").GetInt64(), row.GetProperty("published").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync($"/api/feedback/track/{code}")).StatusCode);

        // The contact was typed into the form and read in the console: it is in no log line and not in the audit.
        Assert.DoesNotContain(server.Logs.Lines, line => line.Contains("654 321") || line.Contains("0987"));
        Assert.DoesNotContain("654 321", await (await server.AdminAsync()).GetStringAsync("/api/admin/audit?limit=500"));
    }
}
