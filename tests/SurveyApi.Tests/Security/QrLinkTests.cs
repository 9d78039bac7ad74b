using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Security;

public class QrLinkTests
{
    private static async Task<JsonElement> CreateLinkAsync(HttpClient creator, object request)
    {
        var response = await creator.PostAsJsonAsync("/api/qr-links", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<HttpResponseMessage> RateThroughLinkAsync(ParSurveyServer server, string token, string counter = "a2",
        string field = "chung-thuc", string channel = "qr", HttpClient? phone = null)
    {
        // Each call is another citizen's phone unless one is given; it opens the page first, as phones do.
        phone ??= await Phones.OpenAsync(server, token);
        return await Phones.RateAsync(phone, token, RatingBody.New(counter, 4, channel, field));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        if (code is not null) Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task CounterPosterLinkLetsCitizensRateThatCounter()
    {
        await using var server = await ParSurveyServer.StartAsync(extraArgs: "--ParSurvey:Security:PublicBaseUrl=https://hailong.phuongA.gov.vn");
        var link = await CreateLinkAsync(await server.AdminAsync(), new { counterId = "a2" });
        var url = link.GetProperty("url").GetString()!;
        Assert.StartsWith("https://hailong.phuongA.gov.vn/s/", url);
        Assert.True(url.All(c => c is > ' ' and < (char)127), "a QR payload must be plain ASCII");
        Assert.Equal(JsonValueKind.Null, link.GetProperty("expiresAt").ValueKind);

        var token = link.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await RateThroughLinkAsync(server, token)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RateThroughLinkAsync(server, token)).StatusCode); // the next citizen at the same counter
        Assert.Equal(2, server.Store.Count(r => r.Channel == "qr" && r.CounterId == "a2" && r.TokenId is null));
        var info = await server.Client.GetFromJsonAsync<JsonElement>($"/api/survey/{token}");
        Assert.Equal("ok", info.GetProperty("status").GetString());
        Assert.Equal("Quầy a2", info.GetProperty("counterName").GetString());
    }

    [Fact]
    public async Task DossierLinkGivesOneRatingAndThenSaysItWasUsed()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var link = await CreateLinkAsync(await server.KioskAsync("a2"), new { dossierNumber = "000.00.15.H29-261120-0042", validHours = 48 });
        var token = link.GetProperty("token").GetString()!;

        var first = RatingBody.New("a2", 4, "qr", "chung-thuc");
        var phone = await Phones.OpenAsync(server, token);
        Assert.Equal(HttpStatusCode.Created, (await Phones.RateAsync(phone, token, first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Phones.RateAsync(phone, token, first)).StatusCode); // the phone retries: same rating
        await AssertProblemAsync(await RateThroughLinkAsync(server, token), HttpStatusCode.Conflict, "used"); // a second, different rating
        Assert.Equal(1, server.StoredRatings);
        Assert.Equal("used", (await server.Client.GetFromJsonAsync<JsonElement>($"/api/survey/{token}")).GetProperty("status").GetString());

        // A reprinted receipt for the same dossier is the same dossier.
        var reprint = await CreateLinkAsync(await server.KioskAsync("a2"), new { dossierNumber = "000.00.15.H29-261120-0042" });
        await AssertProblemAsync(await RateThroughLinkAsync(server, reprint.GetProperty("token").GetString()!), HttpStatusCode.Conflict, "used");
    }

    [Fact]
    public async Task ExpiredDossierLinkIsRefused()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock);
        var link = await CreateLinkAsync(await server.AdminAsync(), new { counterId = "a2", dossierNumber = "HS-1", validHours = 1 });
        clock.Now = clock.Now.AddMinutes(61);
        var token = link.GetProperty("token").GetString()!;
        await AssertProblemAsync(await RateThroughLinkAsync(server, token), HttpStatusCode.Unauthorized, "expired");
        Assert.Equal("expired", (await server.Client.GetFromJsonAsync<JsonElement>($"/api/survey/{token}")).GetProperty("status").GetString());
        Assert.Equal(0, server.StoredRatings);
    }

    [Fact]
    public async Task ForgedOrAlteredLinksAreRefused()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var token = (await CreateLinkAsync(await server.AdminAsync(), new { counterId = "a2" })).GetProperty("token").GetString()!;
        var (payload, mac) = (token[..token.IndexOf('.')], token[(token.IndexOf('.') + 1)..]);

        // Point the link at another counter, keeping the signature.
        var json = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(payload)).Replace("\"a2\"", "\"b1\"");
        var altered = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json)) + "." + mac;
        // A link signed with some other key.
        var forged = payload + "." + System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        foreach (var bad in new[] { altered, forged, "not-a-token", payload })
        {
            await AssertProblemAsync(await RateThroughLinkAsync(server, bad, "b1", "ho-tich"), HttpStatusCode.Unauthorized, "invalid");
            Assert.Equal("invalid", (await server.Client.GetFromJsonAsync<JsonElement>($"/api/survey/{Uri.EscapeDataString(bad)}")).GetProperty("status").GetString());
        }
        Assert.Equal(0, server.StoredRatings);
    }

    [Fact]
    public async Task LinkRatesOnlyItsOwnCounterOnTheQrChannel()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var token = (await CreateLinkAsync(await server.AdminAsync(), new { counterId = "a2" })).GetProperty("token").GetString()!;
        await AssertProblemAsync(await RateThroughLinkAsync(server, token, "a1", "ho-tich"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await RateThroughLinkAsync(server, token, channel: "kiosk"), HttpStatusCode.BadRequest);
        Assert.Equal(0, server.StoredRatings);
    }

    [Fact]
    public async Task PosterLinkHasAPerAddressCeilingAboveItsPerPhoneRule()
    {
        await using var server = await ParSurveyServer.StartAsync(strictLimits: true, extraArgs: "--ParSurvey:Security:QrRatingsPerMinute=6");
        var token = (await CreateLinkAsync(await server.AdminAsync(), new { counterId = "a2" })).GetProperty("token").GetString()!;
        // Seven phones behind one address (the hall's Wi-Fi): the ceiling, set to 6 here, holds for all of them together.
        for (var i = 0; i < 6; i++) Assert.Equal(HttpStatusCode.Created, (await RateThroughLinkAsync(server, token)).StatusCode);
        var seventh = await RateThroughLinkAsync(server, token);
        await AssertProblemAsync(seventh, HttpStatusCode.TooManyRequests);
        Assert.True(seventh.Headers.RetryAfter is not null);
        Assert.Equal(6, server.StoredRatings);
    }
}
