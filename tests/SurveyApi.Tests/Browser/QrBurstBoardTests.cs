using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class QrBurstBoardTests(BrowserFixture browser)
{
    [Fact]
    public async Task QrBurstAtOneCounterRaisesAnAlertOnTheBoard()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: ["--ParSurvey:Board:QrBurstCount=3"]);
        var (_, email, password) = await StaffLogin.NewStaffAccountAsync(server, "supervisor", "ward-a");
        var (context, page) = await browser.SignedInAsync(server, email, password, "/board",
            new BrowserNewContextOptions { ViewportSize = new() { Width = 1920, Height = 1080 } });
        await using var _ = context;
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-live", "true", new() { Timeout = 15_000 });

        var created = await (await server.AdminAsync()).PostAsJsonAsync("/api/qr-links", new { counterId = "a1" });
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        async Task RateAsync()
        {
            var phone = await Phones.OpenAsync(server, token);
            Assert.Equal(HttpStatusCode.Created, (await Phones.RateAsync(phone, token, RatingBody.New("a1", 4, "qr"))).StatusCode);
        }

        await RateAsync();
        await RateAsync();
        await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync("2", new() { Timeout = 5000 });
        await Assertions.Expect(page.Locator("#alerts li.alert-qr-burst")).ToHaveCountAsync(0);

        await RateAsync();
        var alert = page.Locator("#alerts li.alert-qr-burst");
        await Assertions.Expect(alert).ToHaveCountAsync(1, new() { Timeout = 5000 });
        await Assertions.Expect(alert).ToContainTextAsync("Quầy a1: 3 đánh giá qua mã QR trong 10 phút");
    }
}
