using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Survey;

/// <summary>Issue 12, "fair QR limits": one phone, one rating per counter per window; many phones behind one address all count.</summary>
public class FairQrLimitsTests
{
    private static async Task<string> PosterTokenAsync(ParSurveyServer server, string counterId = "a1")
    {
        var response = await (await server.AdminAsync()).PostAsJsonAsync("/api/qr-links", new { counterId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task SamePhoneRatingTheSameCounterAgainWithinThirtyMinutesIsPolitelyRefused()
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock);
        var token = await PosterTokenAsync(server);
        var phone = await Phones.OpenAsync(server, token);

        var first = RatingBody.New("a1", 4, "qr");
        Assert.Equal(HttpStatusCode.Created, (await Phones.RateAsync(phone, token, first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Phones.RateAsync(phone, token, first)).StatusCode); // a retry of the same rating

        clock.Now = clock.Now.AddMinutes(29);
        var problem = await ProblemAsync(await Phones.RateAsync(phone, token, RatingBody.New("a1", 1, "qr")), HttpStatusCode.Conflict);
        Assert.Equal("already-rated", problem.GetProperty("code").GetString());
        Assert.Equal("urn:parsurvey:problem:already-rated", problem.GetProperty("type").GetString());
        Assert.Equal(30, problem.GetProperty("repeatMinutes").GetInt32());
        Assert.Equal(60, problem.GetProperty("retryAfterSeconds").GetInt32());
        Assert.Equal(1, server.StoredRatings);

        // Another counter's poster, and the same counter after the window, are new visits.
        var other = await PosterTokenAsync(server, "a2");
        Assert.Equal(HttpStatusCode.Created, (await Phones.RateAsync(phone, other, RatingBody.New("a2", 4, "qr", "dat-dai"))).StatusCode);
        clock.Now = clock.Now.AddMinutes(1);
        Assert.Equal(HttpStatusCode.Created, (await Phones.RateAsync(phone, token, RatingBody.New("a1", 3, "qr"))).StatusCode);
        Assert.Equal(3, server.StoredRatings);
    }

    [Fact]
    public async Task ThirtyPhonesBehindOneAddressAllRateUnderTheDefaultCeiling()
    {
        await using var server = await ParSurveyServer.StartAsync(strictLimits: true);
        var token = await PosterTokenAsync(server);
        for (var i = 0; i < 30; i++)
        {
            var phone = await Phones.OpenAsync(server, token);
            var response = await Phones.RateAsync(phone, token, RatingBody.New("a1", 1 + i % 4, "qr"));
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"phone {i + 1}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Equal(30, server.Store.Count(r => r.Channel == "qr" && r.CounterId == "a1"));
    }

    [Fact]
    public async Task QrRatingWithoutAValidPhoneCookieIsRefusedNamingTheCookie()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var token = await PosterTokenAsync(server);
        var noCookie = server.NewClient();
        var problem = await ProblemAsync(await Phones.RateAsync(noCookie, token, RatingBody.New("a1", 4, "qr")), HttpStatusCode.BadRequest);
        Assert.Equal("phone-unknown", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("cookie", out _));

        var forged = new HttpClient { BaseAddress = server.Address };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ratings") { Content = JsonContent.Create(RatingBody.New("a1", 4, "qr")) };
        request.Headers.Add("X-Survey-Token", token);
        request.Headers.Add("Cookie", "ParSurvey.Phone=CfDJ8-made-up-value");
        problem = await ProblemAsync(await forged.SendAsync(request), HttpStatusCode.BadRequest);
        Assert.Equal("phone-unknown", problem.GetProperty("code").GetString());
        Assert.Equal(0, server.StoredRatings);
    }

    [Fact]
    public async Task PhoneCookieIsRandomHttpOnlyAndNeverStoredWithTheRating()
    {
        await using var server = await ParSurveyServer.StartAsync();
        var token = await PosterTokenAsync(server);
        var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = server.Address };
        var cookies = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var page = await client.GetAsync("/s/" + token);
            var header = Assert.Single(page.Headers.GetValues("Set-Cookie"));
            Assert.StartsWith("ParSurvey.Phone=", header);
            Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=lax", header, StringComparison.OrdinalIgnoreCase);
            cookies.Add(header.Split(';')[0]);
        }
        Assert.NotEqual(cookies[0], cookies[1]);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ratings") { Content = JsonContent.Create(RatingBody.New("a1", 4, "qr")) };
        request.Headers.Add("X-Survey-Token", token);
        request.Headers.Add("Cookie", cookies[0]);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(request)).StatusCode);
        // A phone that holds a valid cookie is not given another one.
        var again = new HttpRequestMessage(HttpMethod.Get, "/s/" + token);
        again.Headers.Add("Cookie", cookies[0]);
        Assert.False((await client.SendAsync(again)).Headers.Contains("Set-Cookie"));

        var value = cookies[0]["ParSurvey.Phone=".Length..];
        var stored = Assert.Single(server.Store.RawRatings());
        Assert.DoesNotContain(stored.Keys, c => c.Contains("phone", StringComparison.OrdinalIgnoreCase) || c.Contains("cookie", StringComparison.OrdinalIgnoreCase));
        Assert.All(stored.Values, v => Assert.DoesNotContain(value, v ?? ""));
    }

    [Fact]
    public async Task DeviceKeyTogetherWithASurveyTokenIsRefused()
    {
        await using var server = await ParSurveyServer.StartAsync(strictLimits: true);
        // Another ward's poster, with a kiosk's key beside it (issue 13 finding 8): once allowed at the device's 600/min.
        var token = await PosterTokenAsync(server, "b1");
        var kiosk = await server.KioskAsync("a1");
        var phone = await Phones.OpenAsync(server, token);
        var key = kiosk.DefaultRequestHeaders.Authorization!;
        foreach (var (path, body) in new (string, object)[]
                 {
                     ("/api/ratings", RatingBody.New("b1", 4, "qr", "ho-tich")),
                     ("/api/ratings", RatingBody.New("b1", 4, "kiosk", "ho-tich")),
                     ("/api/ratings", RatingBody.New("a1", 4, "kiosk")),
                     ("/api/ratings/batch", new[] { RatingBody.New("a1", 4, "kiosk") }),
                 })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.Add("X-Survey-Token", token);
            request.Headers.Authorization = new AuthenticationHeaderValue(key.Scheme, key.Parameter);
            var problem = await ProblemAsync(await phone.SendAsync(request), HttpStatusCode.Unauthorized);
            Assert.Equal("mixed-credentials", problem.GetProperty("code").GetString());
        }
        Assert.Equal(0, server.StoredRatings);
        // Each credential alone still works.
        Assert.Equal(HttpStatusCode.Created, (await Phones.RateAsync(phone, token, RatingBody.New("b1", 4, "qr", "ho-tich"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await kiosk.PostAsJsonAsync("/api/ratings", RatingBody.New("a1", 4, "kiosk"))).StatusCode);
    }
}
