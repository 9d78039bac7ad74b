using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Ratings;

public class IngestTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ValidRatingIsCreatedAndStoredWithTheCountersSingleField(string provider)
    {
        await using var server = await ParSurveyServer.StartAsync(provider: provider);
        var body = RatingBody.New("a1", score: 3);
        var response = await server.PostRatingAsync(body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ack = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((string)body["id"]!, ack.GetProperty("id").GetString());
        Assert.False(ack.GetProperty("duplicate").GetBoolean());
        Assert.Equal($"/api/ratings/{body["id"]}", response.Headers.Location!.OriginalString);

        Assert.Equal(1, server.Store.Count(r => r.Id == Guid.Parse((string)body["id"]!) && r.FieldCode == "ho-tich" && r.UnitId == "ward-a" && r.Score == 3 && r.Satisfied && r.Channel == "kiosk"));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task StoredRatingReadsBackWithNormalisedCommentAndServerStamp(string provider)
    {
        var clock = new SettableClock(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        await using var server = await ParSurveyServer.StartAsync(clock, provider: provider);
        var id = Guid.NewGuid();
        // "Chờ lâu quá" written with combining marks (NFD), as some phone keyboards send it.
        var decomposed = "Chờ lâu quá <script>alert(1)</script>".Normalize(System.Text.NormalizationForm.FormD);
        var response = await server.PostRatingAsync(new Dictionary<string, object?>
        {
            ["id"] = id, ["counterId"] = "a2", ["fieldCode"] = "dat-dai", ["score"] = 1, ["channel"] = "kiosk",
            ["reasons"] = new[] { "cho-lau", "thai-do", "cho-lau" }, ["comment"] = "  " + decomposed + "  ",
            ["procedureCode"] = "1.004227.000.00.00.H29", ["submittedAt"] = "2026-11-20T08:55:00+07:00",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var stored = await (await server.AdminAsync()).GetFromJsonAsync<JsonElement>($"/api/ratings/{id}");
        Assert.Equal("Chờ lâu quá <script>alert(1)</script>".Normalize(System.Text.NormalizationForm.FormC), stored.GetProperty("comment").GetString());
        Assert.Equal(["cho-lau", "thai-do"], stored.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("1.004227.000.00.00.H29", stored.GetProperty("procedureCode").GetString());
        Assert.Equal(clock.Now, stored.GetProperty("receivedAt").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 1, 55, 0, TimeSpan.Zero), stored.GetProperty("submittedAt").GetDateTimeOffset());
        Assert.Equal("2026-11-20", stored.GetProperty("localDate").GetString());
        Assert.False(stored.GetProperty("satisfied").GetBoolean());
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ScoreIsCheckedAgainstTheCountersOwnScale(string provider)
    {
        await using var server = await ParSurveyServer.StartAsync(provider: provider);
        // dept-x uses the three-level scale of Circular 01/2018: 3 is the top, 4 does not exist there.
        Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(RatingBody.New("x1", score: 3))).StatusCode);
        var refused = await server.PostRatingAsync(RatingBody.New("x1", score: 4));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("1, 2, 3", await refused.Content.ReadAsStringAsync());
        Assert.Equal(1, server.StoredRatings);
        Assert.Equal(1, server.Store.Count(r => r.CounterId == "x1" && r.Score == 3 && r.Satisfied));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task UnknownRatingIdReadsAsNotFoundProblem(string provider)
    {
        await using var server = await ParSurveyServer.StartAsync(provider: provider);
        var response = await (await server.AdminAsync()).GetAsync($"/api/ratings/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task BatchAnswersPerItemAndStoresTheValidOnes(string provider)
    {
        await using var server = await ParSurveyServer.StartAsync(provider: provider);
        var good1 = RatingBody.New("b1", 4, fieldCode: "ho-tich");
        var good2 = RatingBody.New("b1", 2, fieldCode: "chung-thuc");
        var bad = RatingBody.New("b1", 9, fieldCode: "chung-thuc");
        var response = await server.PostBatchAsync("b1", [good1, bad, good2]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        var items = result.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal([201, 400, 201], items.Select(i => i.GetProperty("status").GetInt32()));
        Assert.Equal([0, 1, 2], items.Select(i => i.GetProperty("index").GetInt32()));
        Assert.True(items[1].GetProperty("errors").TryGetProperty("score", out _));
        Assert.Equal(2, result.GetProperty("created").GetInt32());
        Assert.Equal(1, result.GetProperty("rejected").GetInt32());
        Assert.Equal(2, server.StoredRatings);
        Assert.Equal(0, server.Store.Count(r => r.Id == Guid.Parse((string)bad["id"]!)));
    }
}
