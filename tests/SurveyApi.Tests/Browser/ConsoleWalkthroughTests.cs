using System.Net.Http.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>
/// The README's walkthrough in Chromium, without curl: the first admin adds a colleague, pairs a kiosk, prints posters,
/// changes a field's target and sees the board follow, reads it all in the audit log; the colleague sees only their units.
/// </summary>
[Collection(BrowserCollection.Name)]
public class ConsoleWalkthroughTests(BrowserFixture browser)
{
    private const string Supervisor = "truongbophan@test.vn";
    private const string Tablet = "Máy tính bảng quầy 1";

    [Fact]
    public async Task AnAdminSetsUpAColleagueAKioskAndPostersChangesAFieldTargetSeenOnTheBoardAndReadsItAllInTheAuditLog()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (adminContext, admin) = await ConsoleBrowser.SignInAsync(browser, server, ParSurveyServer.AdminEmail, server.AdminPassword);
        await using var _ = adminContext;
        await Assertions.Expect(admin.Locator("#scope")).ToContainTextAsync("Danh mục kiểm thử");
        await Assertions.Expect(admin.Locator("#signed-in-as")).ToContainTextAsync("Quản trị viên");
        await ConsoleBrowser.AssertAccessibleAsync(admin);

        // A colleague: the head of Phường A's one-stop hall, with a one-time password shown once.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Cán bộ" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/staff");
        var firstPassword = await ConsoleBrowser.AddColleagueAsync(admin, Supervisor, "Nguyễn Thị Lan", "supervisor", "ward-a");
        var account = admin.Locator($"tr[data-email='{Supervisor}']");
        await Assertions.Expect(account).ToContainTextAsync("Chờ đổi mật khẩu lần đầu");
        await Assertions.Expect(account).ToContainTextAsync("Phường A");
        await ConsoleBrowser.AssertAccessibleAsync(admin);
        await BrowserFixture.KeepScreenshotAsync(admin, "console-staff.png");

        // She signs in with it and must replace it before anything else.
        var (supervisorContext, supervisor) = await ConsoleBrowser.SignInAsync(browser, server, Supervisor, firstPassword);
        await using var __ = supervisorContext;
        await ConsoleBrowser.ReplaceFirstPasswordAsync(supervisor, firstPassword, "Lan-mat-khau-moi");
        await Assertions.Expect(supervisor.Locator("#signed-in-as")).ToContainTextAsync("Nguyễn Thị Lan");
        await Assertions.Expect(supervisor.Locator("#scope")).ToContainTextAsync("Phường A");

        // A kiosk for Quầy a1: a second browser context plays the tablet and types the code read off the console.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Máy tính bảng" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/kiosks");
        var code = await ConsoleBrowser.CreatePairingCodeAsync(admin, "a1", Tablet);
        var (tabletContext, tablet) = await ConsoleBrowser.PairTabletAsync(browser, server, code);
        await using var ___ = tabletContext;
        await ConsoleBrowser.AssertTabletOnlineAsync(admin, Tablet);
        // A tablet elsewhere, for the scope check below.
        var elsewhere = await (await server.AdminAsync()).PostAsJsonAsync("/api/admin/devices", new { counterId = "b1", name = "Máy phường B" });
        Assert.Equal(System.Net.HttpStatusCode.Created, elsewhere.StatusCode);

        // Phường A's posters, printed together; each QR read back to a working survey link.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Mã QR" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/posters");
        await ConsoleBrowser.AssertUnitPostersWorkAsync(admin, server, "ward-a", 3); // a1, a2 and the annex's ax1

        // A citizen at the tablet is not satisfied: Hộ tịch at Phường A is below the 95 % target (0 of 1, interval up to 79 %).
        await tablet.GetByRole(AriaRole.Button, new() { Name = "Không hài lòng", Exact = true }).ClickAsync();
        await tablet.GetByRole(AriaRole.Button, new() { Name = "Bỏ qua", Exact = true }).ClickAsync();
        var board = await adminContext.NewPageAsync();
        await board.GotoAsync("/board?unitId=ward-a");
        var hoTich = board.Locator("#fields tr[data-key='ho-tich']");
        await Assertions.Expect(hoTich).ToHaveClassAsync("status-below", new() { Timeout = 20_000 });

        // The admin sets Hộ tịch's target to 50 % on the catalog page: 0 of 1 is then too few to judge.
        await admin.GoBackAsync(); // from the printed posters to the console
        await admin.GetByRole(AriaRole.Link, new() { Name = "Danh mục" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/catalog");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sửa Hộ tịch" }).ClickAsync();
        await admin.GetByLabel("Chỉ tiêu (%)").FillAsync("50");
        await admin.Locator("#form-fields").GetByRole(AriaRole.Button, new() { Name = "Đưa vào bản nháp" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#changes")).ToContainTextAsync("Chỉ tiêu lĩnh vực Hộ tịch: mặc định → 50,0\u00a0%");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lưu danh mục" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#saved")).ToBeVisibleAsync();
        await board.ReloadAsync();
        await Assertions.Expect(hoTich).ToHaveClassAsync("status-insufficient", new() { Timeout = 20_000 });
        await Assertions.Expect(hoTich.Locator(".status-cell")).ToHaveTextAsync("Chưa đủ mẫu");

        // All of it in the audit log, in Vietnam time.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Nhật ký" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/audit");
        var entries = admin.Locator("#entries tr");
        await Assertions.Expect(admin.Locator("#entries tr[data-action='staff.create']").Filter(new() { HasText = Supervisor })).ToHaveCountAsync(1);
        await Assertions.Expect(admin.Locator("#entries tr[data-action='staff.password']")).ToContainTextAsync(Supervisor);
        await Assertions.Expect(admin.Locator("#entries tr[data-action='device.create']").Filter(new() { HasText = Tablet })).ToHaveCountAsync(1);
        await Assertions.Expect(admin.Locator("#entries tr[data-action='device.pair']")).ToHaveCountAsync(1);
        await Assertions.Expect(admin.Locator("#entries tr[data-action='qr.poster-new']")).ToHaveCountAsync(3);
        await Assertions.Expect(admin.Locator("#entries tr[data-action='catalog.replace']")).ToContainTextAsync("field ho-tich mặc định/default→0.5");
        await admin.GetByLabel("Việc gì").SelectOptionAsync("catalog.replace");
        await Assertions.Expect(entries).ToHaveCountAsync(1);
        await Assertions.Expect(entries).ToContainTextAsync(ParSurveyServer.AdminEmail);
        await ConsoleBrowser.AssertAccessibleAsync(admin);

        // The supervisor: no staff, catalog or audit pages (the 403 page, not a stack trace), and only her units elsewhere.
        var nav = supervisor.GetByRole(AriaRole.Navigation);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Cán bộ" })).ToHaveCountAsync(0);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Danh mục" })).ToHaveCountAsync(0);
        foreach (var path in new[] { "/admin/staff", "/admin/catalog", "/admin/audit" }) await ConsoleBrowser.AssertForbiddenPageAsync(supervisor, path);
        await ConsoleBrowser.AssertAccessibleAsync(supervisor);
        await BrowserFixture.KeepScreenshotAsync(supervisor, "console-forbidden.png");
        await supervisor.GotoAsync("/admin/kiosks");
        await Assertions.Expect(supervisor.Locator($"tr[data-name='{Tablet}']")).ToBeVisibleAsync();
        await Assertions.Expect(supervisor.Locator("#devices tr")).ToHaveCountAsync(1); // not Phường B's tablet
        await supervisor.GotoAsync("/admin/posters");
        await Assertions.Expect(supervisor.Locator("section[data-unit]")).ToHaveCountAsync(2); // Phường A and its annex
        await supervisor.GotoAsync("/reports");
        var units = supervisor.Locator("input[name=unit]");
        await Assertions.Expect(units).ToHaveCountAsync(2);
        Assert.Equal(["ward-a", "ward-a-annex"], (await units.EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)")).Order());
        await supervisor.GotoAsync("/board?unitId=ward-b");
        await Assertions.Expect(supervisor.Locator("#refusal")).ToBeVisibleAsync(); // another ward's board: refused in words
        await Assertions.Expect(supervisor.Locator("main")).ToBeHiddenAsync();

        // Signing out ends the session: the start page offers the sign-in again.
        await supervisor.GotoAsync("/");
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await supervisor.WaitForURLAsync("**/login");
        await supervisor.GotoAsync("/");
        await Assertions.Expect(supervisor.GetByRole(AriaRole.Link, new() { Name = "Đăng nhập để xem số liệu" })).ToBeVisibleAsync();
    }
}
