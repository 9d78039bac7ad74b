using System.Text.Json;
using Microsoft.Playwright;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>One real Chromium (Debian's /usr/bin/chromium, installed by ./test.sh) for all browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // As root in a sandbox with no network beyond loopback: no Chromium sandbox, no background calls home.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }

    public Task<IBrowserContext> NewContextAsync(ParSurveyServer server, BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL = server.Address.ToString();
        options.Locale ??= "vi-VN";
        return Browser.NewContextAsync(options);
    }

    /// <summary>Opens a staff page in a new context: sent to /login, signs in as a person does, and comes back to the page.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> SignedInAsync(ParSurveyServer server, string email, string password, string path,
        BrowserNewContextOptions? options = null)
    {
        var context = await NewContextAsync(server, options);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        Assert.Contains("/login", page.Url); // not signed in yet: sent to the sign-in page, then back
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await page.WaitForURLAsync("**" + path);
        return (context, page);
    }

    /// <summary>axe-core (from npm, installed by the build) run in the page: violations as (id, impact, help, nodes).</summary>
    public static async Task<List<(string Id, string Impact, string Help, int Nodes)>> AuditAsync(IPage page)
    {
        var axe = Path.Combine(ServerProcess.RepositoryRoot, "tests", "SurveyApi.Tests", "node_modules", "axe-core", "axe.min.js");
        // Evaluated through the DevTools protocol, not as a <script> tag, so the page's CSP (no inline script) stays on.
        await page.EvaluateAsync("source => (0, eval)(source)", await File.ReadAllTextAsync(axe));
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
              return r.violations.map(v => ({ id: v.id, impact: v.impact || 'minor', help: v.help, nodes: v.nodes.length }));
            }
            """);
        return result.EnumerateArray().Select(v => (v.GetProperty("id").GetString()!, v.GetProperty("impact").GetString()!,
            v.GetProperty("help").GetString()!, v.GetProperty("nodes").GetInt32())).ToList();
    }

    /// <summary>Keeps a screenshot for the README when PARSURVEY_SCREENSHOTS names the folder (docs/ in the repository).</summary>
    public static async Task KeepScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("PARSURVEY_SCREENSHOTS");
        var path = Path.Combine(string.IsNullOrEmpty(folder) ? Path.Combine(AppContext.BaseDirectory, "screenshots") : folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

public static class Eventually
{
    /// <summary>Polls until the condition holds or the time is up; returns whether it held.</summary>
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }

    /// <summary>Polls an asynchronous condition (a page's state, an HTTP answer) until it holds or the time is up.</summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        return await condition();
    }
}
