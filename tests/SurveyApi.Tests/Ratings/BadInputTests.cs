using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Ratings;

/// <summary>One server for the class; every case must leave it without a single stored rating.</summary>
public class BadInputServer : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);
    protected virtual string Provider => Providers.Sqlite;
    public ParSurveyServer Server { get; private set; } = null!;
    public async Task InitializeAsync() => Server = await ParSurveyServer.StartAsync(new SettableClock(Now), provider: Provider);
    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class PostgresBadInputServer : BadInputServer
{
    protected override string Provider => Providers.Postgres;
}

/// <summary>The bad-input suite against the default SQLite store.</summary>
public class BadInputTests(BadInputServer fixture) : BadInputContract<BadInputServer>(fixture);

/// <summary>The same suite against PostgreSQL.</summary>
public class PostgresBadInputTests(PostgresBadInputServer fixture) : BadInputContract<PostgresBadInputServer>(fixture);

public abstract class BadInputContract<TServer>(TServer fixture) : IClassFixture<TServer> where TServer : BadInputServer
{
    private const string Id = "\"id\":\"6f1c2f8e-3b7a-4d5e-9c1f-2a3b4c5d6e7f\"";
    private const string Rest = "\"counterId\":\"a1\",\"score\":4,\"channel\":\"kiosk\"";

    /// <summary>(case, body, field the answer must name). Each is a mistake an integrator or a broken kiosk could make.</summary>
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "empty body", "", "body" },
        { "only whitespace", "  \n ", "body" },
        { "malformed JSON", "{" + Id + ",", "body" },
        { "not JSON at all", "score=4&counter=a1", "body" },
        { "an array instead of an object", "[]", "body" },
        { "the null literal", "null", "body" },
        { "a bare string", "\"4\"", "body" },
        { "nesting deeper than any rating", new string('[', 40) + new string(']', 40), "body" },
        { "id missing", "{" + Rest + "}", "id" },
        { "id not a UUID", "{\"id\":\"rating-1\"," + Rest + "}", "id" },
        { "id a number", "{\"id\":12345," + Rest + "}", "id" },
        { "id the empty UUID", "{\"id\":\"00000000-0000-0000-0000-000000000000\"," + Rest + "}", "id" },
        { "id given twice", "{" + Id + "," + Id + "," + Rest + "}", "id" },
        { "counterId missing", "{" + Id + ",\"score\":4,\"channel\":\"kiosk\"}", "counterId" },
        { "counterId unknown", "{" + Id + ",\"counterId\":\"z9\",\"score\":4,\"channel\":\"kiosk\"}", "counterId" },
        { "counterId a number", "{" + Id + ",\"counterId\":7,\"score\":4,\"channel\":\"kiosk\"}", "counterId" },
        { "counterId empty", "{" + Id + ",\"counterId\":\"  \",\"score\":4,\"channel\":\"kiosk\"}", "counterId" },
        { "fieldCode missing at a counter with two fields", "{" + Id + ",\"counterId\":\"a2\",\"score\":4,\"channel\":\"kiosk\"}", "fieldCode" },
        { "fieldCode unknown", "{" + Id + ",\"fieldCode\":\"thue\"," + Rest + "}", "fieldCode" },
        { "fieldCode the counter does not serve", "{" + Id + ",\"fieldCode\":\"dat-dai\"," + Rest + "}", "fieldCode" },
        { "fieldCode a list", "{" + Id + ",\"fieldCode\":[\"ho-tich\"]," + Rest + "}", "fieldCode" },
        { "score missing", "{" + Id + ",\"counterId\":\"a1\",\"channel\":\"kiosk\"}", "score" },
        { "score below the scale", "{" + Id + ",\"counterId\":\"a1\",\"score\":0,\"channel\":\"kiosk\"}", "score" },
        { "score above the scale", "{" + Id + ",\"counterId\":\"a1\",\"score\":5,\"channel\":\"kiosk\"}", "score" },
        { "score a fraction", "{" + Id + ",\"counterId\":\"a1\",\"score\":3.5,\"channel\":\"kiosk\"}", "score" },
        { "score a string", "{" + Id + ",\"counterId\":\"a1\",\"score\":\"4\",\"channel\":\"kiosk\"}", "score" },
        { "score a boolean", "{" + Id + ",\"counterId\":\"a1\",\"score\":true,\"channel\":\"kiosk\"}", "score" },
        { "score beyond any integer", "{" + Id + ",\"counterId\":\"a1\",\"score\":1e40,\"channel\":\"kiosk\"}", "score" },
        { "channel missing", "{" + Id + ",\"counterId\":\"a1\",\"score\":4}", "channel" },
        { "channel unknown", "{" + Id + ",\"counterId\":\"a1\",\"score\":4,\"channel\":\"email\"}", "channel" },
        { "reasons a string", "{" + Id + "," + Rest + ",\"reasons\":\"cho-lau\"}", "reasons" },
        { "reasons with a number", "{" + Id + "," + Rest + ",\"reasons\":[1]}", "reasons" },
        { "reasons with an unknown code", "{" + Id + "," + Rest + ",\"reasons\":[\"cho-lau\",\"qua-dep\"]}", "reasons" },
        { "more than ten reasons", "{" + Id + "," + Rest + ",\"reasons\":[" + string.Join(",", Enumerable.Repeat("\"cho-lau\"", 11)) + "]}", "reasons" },
        { "comment over 1,000 characters", "{" + Id + "," + Rest + ",\"comment\":\"" + new string('ầ', 1001) + "\"}", "comment" },
        { "comment a number", "{" + Id + "," + Rest + ",\"comment\":42}", "comment" },
        { "comment with a control character", "{" + Id + "," + Rest + ",\"comment\":\"bad\\u0007bell\"}", "comment" },
        { "procedureCode too long", "{" + Id + "," + Rest + ",\"procedureCode\":\"" + new string('1', 65) + "\"}", "procedureCode" },
        { "procedureCode with a line break", "{" + Id + "," + Rest + ",\"procedureCode\":\"1.00\\n4227\"}", "procedureCode" },
        { "submittedAt not a date", "{" + Id + "," + Rest + ",\"submittedAt\":\"hôm qua\"}", "submittedAt" },
        { "submittedAt without a time zone", "{" + Id + "," + Rest + ",\"submittedAt\":\"2026-11-20T08:00:00\"}", "submittedAt" },
        { "submittedAt a number", "{" + Id + "," + Rest + ",\"submittedAt\":1763600000}", "submittedAt" },
        { "submittedAt a day in the future", "{" + Id + "," + Rest + ",\"submittedAt\":\"2026-11-21T03:00:00Z\"}", "submittedAt" },
        { "submittedAt sixty days old", "{" + Id + "," + Rest + ",\"submittedAt\":\"2026-09-21T03:00:00Z\"}", "submittedAt" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRatingIsRefusedWithAProblemNamingTheFieldAndNothingIsStored(string @case, string body, string field)
    {
        var server = fixture.Server;
        var response = await server.PostJsonAsync("/api/ratings", body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{@case}: expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"{@case}: expected an error for '{field}', got {errors}");
        Assert.Contains(" / ", messages[0].GetString()); // Vietnamese, then English
        Assert.Equal(0, server.StoredRatings);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadItemInABatchIsRefusedAloneAndNothingOfItIsStored(string @case, string body, string field)
    {
        if (field == "body" && !body.TrimStart().StartsWith('{')) body = "{}"; // a batch item is always some JSON value
        var server = fixture.Server;
        var response = await server.PostJsonAsync("/api/ratings/batch", "[" + body + "]");
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            // Malformed JSON spoils the whole array; that is a body problem, still nothing written.
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty("body", out _), $"{@case}: {text}");
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{@case}: got {(int)response.StatusCode}: {text}");
            var item = JsonDocument.Parse(text).RootElement.GetProperty("results")[0];
            Assert.Equal(400, item.GetProperty("status").GetInt32());
            Assert.True(item.GetProperty("errors").EnumerateObject().Any(), $"{@case}: {text}");
        }
        Assert.Equal(0, server.StoredRatings);
    }

    [Fact]
    public async Task EveryProblemInOneRatingIsReportedAtOnce()
    {
        var response = await fixture.Server.PostJsonAsync("/api/ratings", "{\"id\":\"x\",\"counterId\":\"a1\",\"score\":\"4\",\"channel\":\"web\"}");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["channel", "id", "score"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task NonJsonContentTypeIsRefusedAsUnsupported()
    {
        var kiosk = await fixture.Server.KioskAsync("a1");
        var response = await kiosk.PostAsync("/api/ratings", new StringContent("{" + Id + "," + Rest + "}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, fixture.Server.StoredRatings);
    }

    [Fact]
    public async Task OversizedBodyIsRefusedAsTooLarge()
    {
        var response = await fixture.Server.PostJsonAsync("/api/ratings", "{" + Id + "," + Rest + ",\"x\":\"" + new string('a', 20_000) + "\"}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, fixture.Server.StoredRatings);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("5")]
    public async Task BatchThatIsNotANonEmptyArrayIsRefused(string body)
    {
        var response = await fixture.Server.PostJsonAsync("/api/ratings/batch", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal(0, fixture.Server.StoredRatings);
    }

    [Fact]
    public async Task BatchLargerThanTheLimitIsRefusedWhole()
    {
        var items = Enumerable.Range(0, 501).Select(_ => (IDictionary<string, object?>)RatingBody.New("a1")).ToArray();
        var response = await fixture.Server.PostBatchAsync("a1", items);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, fixture.Server.StoredRatings);
    }
}
