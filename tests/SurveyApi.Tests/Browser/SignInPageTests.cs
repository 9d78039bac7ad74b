using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>The server-rendered sign-in pages as a person meets them: in one language at a time, keeping what was typed.</summary>
[Collection(BrowserCollection.Name)]
public class SignInPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task AWrongPasswordKeepsTheEmailTypedAndTheWholePageSpeaksTheChosenLanguage()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var (_, email, _) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Mật khẩu").FillAsync("khong-phai-mat-khau");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Email hoặc mật khẩu không đúng.");
        await Assertions.Expect(page.GetByLabel("Email")).ToHaveValueAsync(email);
        await Assertions.Expect(page.GetByLabel("Mật khẩu")).ToHaveValueAsync("");
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
        await ConsoleBrowser.AssertAccessibleAsync(page);

        // English: every word on the page but the way back to Vietnamese is English, the error too.
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("still-not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong e-mail or password.");
        await Assertions.Expect(page.GetByLabel("E-mail")).ToHaveValueAsync(email);
        var text = (await page.Locator("main").InnerTextAsync()).Replace("Tiếng Việt", "");
        Assert.DoesNotMatch("[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", text.ToLowerInvariant());
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }
}
