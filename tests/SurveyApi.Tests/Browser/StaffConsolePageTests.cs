using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class StaffConsolePageTests(BrowserFixture browser)
{
    [Fact]
    public async Task AdminCreatesASupervisorWhoMustReplaceTheFirstPasswordAndMayNotOpenAdminPages()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (adminContext, admin) = await ConsoleBrowser.AdminAsync(browser, server);
        await using var _ = adminContext;
        await admin.GetByRole(AriaRole.Link, new() { Name = "Trang đầu" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#scope")).ToContainTextAsync("Danh mục kiểm thử");
        await Assertions.Expect(admin.Locator("#signed-in-as")).ToContainTextAsync("Quản trị viên");
        await ConsoleBrowser.AssertAccessibleAsync(admin);

        await admin.GetByRole(AriaRole.Link, new() { Name = "Cán bộ" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/staff");
        await admin.GetByLabel("Email").FillAsync("truongbophan@test.vn");
        await admin.GetByLabel("Họ tên").FillAsync("Nguyễn Thị Lan");
        await admin.GetByLabel("Vai trò").SelectOptionAsync("supervisor");
        await admin.GetByLabel("Đơn vị phụ trách").SelectOptionAsync("ward-a");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Tạo tài khoản" }).ClickAsync();
        var firstPassword = (await admin.Locator("#first-password").TextContentAsync())!.Trim();
        Assert.True(firstPassword.Length >= 10, $"first password shown: '{firstPassword}'");
        await Assertions.Expect(admin.Locator("tr[data-email='truongbophan@test.vn']")).ToContainTextAsync("Chờ đổi mật khẩu lần đầu");
        await Assertions.Expect(admin.Locator("tr[data-email='truongbophan@test.vn']")).ToContainTextAsync("Phường A");
        await ConsoleBrowser.AssertAccessibleAsync(admin);
        await BrowserFixture.KeepScreenshotAsync(admin, "console-staff.png");

        // The supervisor signs in with it and is sent to replace it before anything else.
        var (supervisorContext, supervisor) = await ConsoleBrowser.SignInAsync(browser, server, "truongbophan@test.vn", firstPassword);
        await using var __ = supervisorContext;
        Assert.EndsWith("/account/password", supervisor.Url);
        await supervisor.GetByLabel("Mật khẩu hiện tại").FillAsync(firstPassword);
        await supervisor.GetByLabel("Mật khẩu mới", new() { Exact = true }).FillAsync("Lan-mat-khau-moi");
        await supervisor.GetByLabel("Nhập lại mật khẩu mới").FillAsync("Lan-mat-khau-moi");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Lưu mật khẩu" }).ClickAsync();
        await supervisor.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(supervisor.Locator("#signed-in-as")).ToContainTextAsync("Nguyễn Thị Lan");
        await Assertions.Expect(supervisor.Locator("#scope")).ToContainTextAsync("Phường A");
        var nav = supervisor.GetByRole(AriaRole.Navigation);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Máy tính bảng" })).ToBeVisibleAsync();
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Cán bộ" })).ToHaveCountAsync(0);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Danh mục" })).ToHaveCountAsync(0);
        await ConsoleBrowser.AssertAccessibleAsync(supervisor);
        await BrowserFixture.KeepScreenshotAsync(supervisor, "console-start.png");

        foreach (var path in new[] { "/admin/staff", "/admin/catalog", "/admin/audit" })
        {
            var response = await supervisor.GotoAsync(path);
            Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
            await Assertions.Expect(supervisor.GetByRole(AriaRole.Heading, new() { Name = "Không có quyền truy cập" })).ToBeVisibleAsync();
            Assert.DoesNotContain("Exception", await supervisor.ContentAsync());
        }
        await ConsoleBrowser.AssertAccessibleAsync(supervisor);

        // Signing out ends the session: the start page offers the sign-in again.
        await supervisor.GotoAsync("/");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await supervisor.WaitForURLAsync("**/login");
        await supervisor.GotoAsync("/");
        await Assertions.Expect(supervisor.GetByRole(AriaRole.Link, new() { Name = "Đăng nhập để xem số liệu" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AdminListsAColleaguesSessionsAndEndsOneThenAllWhichSignsThemOut()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (laptop, email, password) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        var phone = await StaffLogin.SignInAsync(server, email, password);
        var admin = await server.AdminAsync();
        var id = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/staff")).EnumerateArray()
            .Single(a => a.GetProperty("email").GetString() == email).GetProperty("id").GetString();
        async Task<int> OpenSessionsAsync() => (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/staff/{id}/sessions")).GetArrayLength();
        var open = await OpenSessionsAsync();
        Assert.True(open >= 2, $"two sign-ins, {open} open sessions");

        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server);
        await using var _ = context;
        await page.GetByRole(AriaRole.Button, new() { Name = $"Phiên đăng nhập {email}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sessions-title")).ToHaveTextAsync($"Phiên đăng nhập đang mở của {email}");
        var rows = page.Locator("#sessions tr[data-session]");
        await Assertions.Expect(rows).ToHaveCountAsync(open);
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await rows.First.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync($"Đã kết thúc phiên của {email}.");
        await Assertions.Expect(rows).ToHaveCountAsync(open - 1);
        Assert.Equal(open - 1, await OpenSessionsAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Kết thúc mọi phiên" }).ClickAsync();
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync($"Đã kết thúc {open - 1} phiên của {email}.");
        await Assertions.Expect(page.Locator("#sessions")).ToHaveTextAsync("Không có phiên nào đang mở.");
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/me")).StatusCode);
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/admin/audit");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("actor").GetString() == ParSurveyServer.AdminEmail && e.GetProperty("action").GetString() == "staff.session-end");
    }

    [Fact]
    public async Task TheConsoleSpeaksEnglishOnRequest()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server);
        await using var _ = context;
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Add a colleague" })).ToBeVisibleAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }
}
