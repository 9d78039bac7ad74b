using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Ratings;

public class IdempotencyTests
{
    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SameRatingPostedFiveTimesConcurrentlyIsStoredOnce(string provider)
    {
        await using var server = await ParSurveyServer.StartAsync(provider: provider);
        var body = RatingBody.New("a2", 4, fieldCode: "chung-thuc");
        var json = JsonSerializer.Serialize(body);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => server.PostJsonAsync("/api/ratings", json, "a2")))
            .WaitAsync(TimeSpan.FromSeconds(30));

        var statuses = responses.Select(r => r.StatusCode).OrderBy(s => s).ToArray();
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Created], statuses);
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, server.StoredRatings);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task RetryWithoutTheOptionalFieldCodeIsTheSameRating(string provider)
    {
        await using var server = await ParSurveyServer.StartAsync(provider: provider);
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.Created, (await server.PostRatingAsync(RatingBody.New("a1", 4, id: id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.PostRatingAsync(RatingBody.New("a1", 4, fieldCode: "ho-tich", id: id))).StatusCode);
        Assert.Equal(1, server.StoredRatings);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SameIdWithOtherContentIsAConflictAndKeepsTheFirst(string provider)
    {
        await using var server = await ParSurveyServer.StartAsync(provider: provider);
        var id = Guid.NewGuid();
        await server.PostRatingAsync(RatingBody.New("a1", 4, id: id));
        var conflict = await server.PostRatingAsync(RatingBody.New("a1", 1, id: id));

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType!.MediaType);
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Contains(id.ToString(), problem.GetProperty("detail").GetString());
        Assert.Equal(1, server.Store.Count(r => r.Id == id && r.Score == 4));
        Assert.Equal(1, server.StoredRatings);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task BatchWithDuplicatesInsideStoresEachIdOnce(string provider)
    {
        await using var server = await ParSurveyServer.StartAsync(provider: provider);
        var first = RatingBody.New("a1", 4);
        var second = RatingBody.New("a1", 3);
        var firstAgain = new Dictionary<string, object?>(first);
        var firstChanged = new Dictionary<string, object?>(first) { ["score"] = 2 };

        var response = await server.PostBatchAsync("a1", [first, second, firstAgain, firstChanged, second]);
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToArray();

        Assert.Equal([201, 201, 200, 409, 200], items.Select(i => i.GetProperty("status").GetInt32()));
        Assert.True(items[2].GetProperty("duplicate").GetBoolean());
        Assert.Equal(2, server.StoredRatings);
        Assert.Equal(1, server.Store.Count(r => r.Id == Guid.Parse((string)first["id"]!) && r.Score == 4));

        // The kiosk flushes the same queue again after a lost answer: everything is a duplicate now.
        var again = await server.PostBatchAsync("a1", [first, second]);
        var againItems = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray();
        Assert.All(againItems, i => Assert.Equal(200, i.GetProperty("status").GetInt32()));
        Assert.Equal(2, server.StoredRatings);
    }
}
