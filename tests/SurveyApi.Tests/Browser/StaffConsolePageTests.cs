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
    [Fact]
    public async Task ALockedAccountShowsAsLockedUntilItsTimeAndAnAdminUnlocksItSoThePersonSignsIn()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        var before = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++) await StaffLogin.PostLoginFormAsync(server.NewClient(), email, "sai-mat-khau-" + i); // the default lock-out: 5
        var after = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Unauthorized, (await StaffLogin.PostLoginFormAsync(server.NewClient(), email, password)).StatusCode);

        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server);
        await using var _ = context;
        var row = page.Locator($"tr[data-email='{email}']");
        await Assertions.Expect(row).ToContainTextAsync("Đang khóa đến");
        // "Đang khóa đến dd/MM/yyyy HH:mm:ss", Vietnam time: 15 minutes (the default) after the fifth wrong password.
        var shown = System.Text.RegularExpressions.Regex.Match(await row.InnerTextAsync(), @"Đang khóa đến (\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2})");
        Assert.True(shown.Success, await row.InnerTextAsync());
        var until = new DateTimeOffset(DateTime.ParseExact(shown.Groups[1].Value, "dd/MM/yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(7));
        Assert.InRange(until, before.AddMinutes(15).AddSeconds(-1), after.AddMinutes(15).AddSeconds(1));
        Assert.DoesNotContain("Đang hoạt động", await row.InnerTextAsync());
        await ConsoleBrowser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Mở khóa {email}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync($"Đã mở khóa {email}.");
        await Assertions.Expect(row).ToContainTextAsync("Đang hoạt động");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Mở khóa {email}" })).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffLogin.PostLoginFormAsync(server.NewClient(), email, password)).StatusCode);
        var audit = await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/admin/audit");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "staff.unlock"
            && e.GetProperty("target").GetString() == $"staff:{email}");
    }
    [Fact]
    public async Task DoubleClickingCreateAccountMakesOneAccountAndShowsOnlyItsPassword()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (context, page) = await ConsoleBrowser.AdminAsync(browser, server);
        await using var _ = context;
        const string email = "nhap-hai-lan@test.vn";
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Họ tên").FillAsync("Lê Thị Hai Lần");
        await page.GetByLabel("Vai trò").SelectOptionAsync("reporter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tạo tài khoản" }).DblClickAsync();

        await Assertions.Expect(page.Locator("#first-password")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator($"tr[data-email='{email}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Tạo tài khoản" })).ToBeEnabledAsync();
        Assert.Equal("", (await page.Locator("#add-error").TextContentAsync())?.Trim());
        var accounts = await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/admin/staff");
        Assert.Single(accounts.EnumerateArray(), a => a.GetProperty("email").GetString() == email);
    }
}
