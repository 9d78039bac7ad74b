using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>Staff pages' fetch() calls pass the request-forgery guard as Chromium sends them, with no token of their own.</summary>
[Collection(BrowserCollection.Name)]
public class StaffFetchTests(BrowserFixture browser)
{
    public static async Task<IPage> SignInAsync(IBrowserContext context, string email, string password, string path = "/") =>
        await SignInAsync(await context.NewPageAsync(), email, password, path);

    public static async Task<IPage> SignInAsync(IPage page, string email, string password, string path = "/")
    {
        await page.GotoAsync("/login?returnUrl=" + Uri.EscapeDataString(path));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync("**" + path);
        return page;
    }

    [Fact]
    public async Task SameOriginFetchFromAStaffPageChangesStateWithoutAToken()
    {
        await using var server = await ParSurveyServer.StartAsync();
        await StaffLogin.NewStaffAsync(server, "reporter");
        var id = (await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/admin/staff")).EnumerateArray()
            .Single(a => a.GetProperty("role").GetString() == "reporter").GetProperty("id").GetString();
        await using var context = await browser.NewContextAsync(server);
        var page = await SignInAsync(context, ParSurveyServer.AdminEmail, server.AdminPassword);

        var status = await page.EvaluateAsync<int>("async id => (await fetch(`/api/admin/staff/${id}/disable`, { method: 'POST' })).status", id);

        Assert.Equal(204, status);
    }
}
