using System.Net.Http.Json;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>A citizen's phone over plain HTTP: it opens the survey page (which gives it its cookie), then rates through the link.</summary>
public static class Phones
{
    /// <summary>A new phone that has opened /s/{token}: its client holds the phone cookie.</summary>
    public static async Task<HttpClient> OpenAsync(ParSurveyServer server, string token)
    {
        var phone = server.NewClient();
        var page = await phone.GetAsync("/s/" + Uri.EscapeDataString(token));
        page.EnsureSuccessStatusCode();
        return phone;
    }

    public static Task<HttpResponseMessage> RateAsync(HttpClient phone, string token, IDictionary<string, object?> rating)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ratings") { Content = JsonContent.Create(rating) };
        request.Headers.Add("X-Survey-Token", token);
        return phone.SendAsync(request);
    }
}
