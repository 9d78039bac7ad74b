using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

/// <summary>
/// The board on a wall screen at 1920×1080 and 1280×720 with a city of 30 counters over 10 fields in three wards:
/// it never scrolls, and every counter and field is on screen within one turn of the pages.
/// </summary>
[Collection(BrowserCollection.Name)]
public class BoardLayoutTests(BrowserFixture browser)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero); // 10:00 in Vietnam

    private static readonly string[] Fields =
    [
        "Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Đăng ký kinh doanh", "Lao động – việc làm", "Bảo trợ xã hội",
        "Người có công", "Tư pháp (lý lịch tư pháp, nuôi con nuôi)", "Giáo dục và đào tạo",
    ];

    private static readonly (string Id, string Name, string Short)[] Wards =
    [
        ("p-sai-gon", "Trung tâm phục vụ hành chính công phường Sài Gòn", "P. Sài Gòn"),
        ("p-ben-thanh", "Trung tâm phục vụ hành chính công phường Bến Thành", "P. Bến Thành"),
        ("p-cho-lon", "Trung tâm phục vụ hành chính công phường Chợ Lớn", "P. Chợ Lớn"),
    ];

    private const string RootName = "UBND Thành phố Hồ Chí Minh";

    /// <summary>Counter j of each ward serves field j, so every ward has its "Quầy 1 – Hộ tịch".</summary>
    private static IEnumerable<(string Id, string Unit, string Name, string Field)> Counters() =>
        Wards.SelectMany(w => Fields.Select((f, j) => ($"{w.Id}-q{j + 1}", w.Id, $"Quầy {j + 1} – {f}", $"f{j + 1}")));

    private static string CatalogJson() => JsonSerializer.Serialize(new
    {
        name = "Danh mục thử bảng 30 quầy",
        demo = false,
        fields = Fields.Select((f, j) => new { code = $"f{j + 1}", name = f }),
        reasons = new[] { new { code = "cho-lau", label = "Thời gian chờ lâu" } },
        units = new object[] { new { id = "hcm", name = RootName, parentId = (string?)null } }
            // Chợ Lớn rates on the 3-level scale of Circular 01/2018: the city board spans two scales.
            .Concat(Wards.Select(w => w.Id == "p-cho-lon" ? (object)new { id = w.Id, name = w.Name, parentId = "hcm", scale = "3-muc" } : new { id = w.Id, name = w.Name, parentId = "hcm" })),
        counters = Counters().Select(c => new { id = c.Id, unitId = c.Unit, name = c.Name, fieldCodes = new[] { c.Field } }),
    });

    /// <summary>1–4 ratings per counter, a minute apart, with scores that differ from counter to counter; 3 "Không hài lòng" more at the first counter (a burst). Answers satisfied and total per counter.</summary>
    private static async Task<Dictionary<string, (int Satisfied, int Total)>> SeedAsync(ParSurveyServer server)
    {
        var seeded = new Dictionary<string, (int Satisfied, int Total)>();
        var counters = Counters().ToArray();
        for (var c = 0; c < counters.Length; c++)
        {
            var levels = counters[c].Unit == "p-cho-lon" ? 3 : 4;
            var scores = Enumerable.Range(0, 1 + c % 4).Select(k => (c * 7 + k * 3) % levels + 1).ToList();
            if (c == 0) scores.AddRange([1, 1, 1]);
            var bodies = scores.Select((score, k) =>
            {
                var body = RatingBody.New(counters[c].Id, score);
                body["submittedAt"] = Now.ToOffset(TimeSpan.FromHours(7)).AddMinutes(-50 + k).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
                return (IDictionary<string, object?>)body;
            }).ToArray();
            var response = await server.PostBatchAsync(counters[c].Id, bodies);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            seeded[counters[c].Id] = (scores.Count(score => score >= levels - 1), scores.Count); // the top two levels of either scale
        }
        return seeded;
    }

    /// <summary>The keys of the rows of a paged panel that are shown and wholly inside both their box and the screen, read when the panel shows page <paramref name="page"/>.</summary>
    private static async Task<string[]> VisibleOnPageAsync(IPage page, string panel, int number)
    {
        var handle = await page.WaitForFunctionAsync("""
            ([panel, number]) => {
              const section = document.querySelector(panel);
              if (section.dataset.page !== String(number)) return null;
              const box = section.querySelector('.page-box').getBoundingClientRect();
              return [...section.querySelectorAll('tbody tr')].filter(tr => {
                const r = tr.getBoundingClientRect();
                return !tr.hidden && r.height > 0 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5 && r.bottom <= innerHeight && r.right <= innerWidth;
              }).map(tr => tr.dataset.key);
            }
            """, new object[] { panel, number }, new() { Timeout = 15_000 });
        return (await handle.JsonValueAsync<string[]>())!;
    }

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(1280, 720)]
    public async Task TheCityBoardFitsTheScreenAndShowsEveryRowWithinOneTurn(int width, int height)
    {
        await using var server = await ParSurveyServer.StartAsync(new SettableClock(Now), catalogJson: CatalogJson());
        var seeded = await SeedAsync(server);
        var total = seeded.Values.Sum(v => v.Total);
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "reporter");
        // ?rotate=1 turns the pages every second instead of every 10 s. CSP bypassed only so the test can inject axe-core.
        var (context, page) = await browser.SignedInAsync(server, email, password, "/board?rotate=1",
            new() { ViewportSize = new() { Width = width, Height = height }, BypassCSP = true });
        await using var _ = context;
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "true", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync(total.ToString());

        // The root unit's name, not the catalog's; counters and alerts above one unit carry the ward's short name.
        await Assertions.Expect(page.Locator("#unit-name")).ToHaveTextAsync(RootName);
        Assert.Equal("P. Sài Gòn · Quầy 1 – Hộ tịch", await page.Locator("#counters tr[data-key='p-sai-gon-q1'] td").First.TextContentAsync());
        await Assertions.Expect(page.Locator("#alerts li.alert-burst[data-id^='burst:p-sai-gon-q1:']")).ToContainTextAsync("P. Sài Gòn · Quầy 1 – Hộ tịch: 3 đánh giá");

        // Exactly one screen: nothing to scroll, down or across.
        var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollHeight, document.documentElement.scrollWidth, document.body.scrollHeight, innerHeight, innerWidth]");
        Assert.True(size[0] == height && size[2] == height && size[1] == width, $"scroll {size[0]}/{size[2]}×{size[1]} on a {width}×{height} screen");

        // The sparkline says which hour is which.
        var hours = await page.Locator("#hours .hour-label").AllTextContentsAsync();
        Assert.Equal(["7h", "9h", "11h", "13h", "15h", "17h"], hours.Where(h => h.Length > 0));
        Assert.Equal(total.ToString(), await page.Locator("#hours .hour[data-hour='9'] .bar").GetAttributeAsync("data-count")); // all given 09:10–09:16

        // Readable from 5 m: no text under 28 px at 1080 lines (and the same proportions at 720).
        var smallest = await page.EvaluateAsync<double>("""
            () => Math.min(...[...document.querySelectorAll('main *, header *')]
              .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && e.getClientRects().length > 0)
              .map(e => parseFloat(getComputedStyle(e).fontSize)))
            """);
        Assert.True(smallest >= 28.0 * height / 1080 - 0.01, $"smallest text {smallest} px at {width}×{height}");

        // Every counter and every field is shown within one turn, worst first.
        foreach (var (panel, expected) in new[] { (".counters-panel", Counters().Select(c => c.Id).ToArray()), (".fields-panel", Enumerable.Range(1, 10).Select(j => $"f{j}").ToArray()) })
        {
            var pages = int.Parse((await page.Locator(panel).GetAttributeAsync("data-pages"))!);
            var seen = new List<string>();
            for (var number = 1; number <= pages; number++)
            {
                var shown = await VisibleOnPageAsync(page, panel, number);
                Assert.NotEmpty(shown);
                if (pages > 1) await Assertions.Expect(page.Locator(panel + " .page-label")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^trang \\d+/{pages}$"));
                seen.AddRange(shown);
            }
            Assert.Equal(expected.Order(), seen.Distinct().Order());
            Assert.Equal(seen.Count, seen.Distinct().Count()); // each row on one page only
        }
        Assert.True(int.Parse((await page.Locator(".counters-panel").GetAttributeAsync("data-pages"))!) > 1, "30 counters should not fit on one page");
        var worst = seeded.Where(c => c.Value.Satisfied == 0).Select(c => c.Key).ToArray(); // 0 % (the burst counter among them)
        Assert.Contains(await page.Locator("#counters tr").First.GetAttributeAsync("data-key"), worst);

        var violations = await BrowserFixture.AuditAsync(page);
        Assert.True(!violations.Any(v => v.Impact is "serious" or "critical"), string.Join("; ", violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} ×{v.Nodes}")));
        if (width == 1920)
        {
            await page.WaitForFunctionAsync("() => document.querySelector('.counters-panel').dataset.page === '1'", null, new() { Timeout = 15_000 });
            await BrowserFixture.KeepScreenshotAsync(page, "board.png");
        }

        // A ward's board fits too, and reads without the ward's name on every line.
        await page.GotoAsync("/board?unitId=p-ben-thanh&rotate=1");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "true", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#unit-name")).ToHaveTextAsync(Wards[1].Name);
        Assert.Equal("Quầy 1 – Hộ tịch", await page.Locator("#counters tr[data-key='p-ben-thanh-q1'] td").First.TextContentAsync());
        Assert.Equal(height, await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight"));
    }
}
