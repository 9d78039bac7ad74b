using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using ParSurvey.SurveyApi.Tests.Infrastructure;

namespace ParSurvey.SurveyApi.Tests.Cluster;

/// <summary>
/// Kiosks posting ratings through the balancer as real ones do: each rating is sent again with the same id until it is
/// acknowledged (201, or 200 for a repeat of one already stored), whatever answer or broken connection came before.
/// Every answer is counted; every acknowledged id is kept, to be looked for in the store afterwards.
/// </summary>
public sealed class RatingWriters(IReadOnlyList<HttpClient> kiosks, string counterId, int[] scores)
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Guid, int> _acknowledged = new();
    private readonly ConcurrentDictionary<string, int> _answers = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private Task[] _writers = [];

    public int Acknowledged => _acknowledged.Count;
    public IReadOnlyDictionary<Guid, int> AcknowledgedScores => _acknowledged;
    /// <summary>Answers by kind: "201", "200", "503", "error" (no answer: connection refused or cut)…</summary>
    public IReadOnlyDictionary<string, int> Answers => _answers;
    /// <summary>Answers that a client must never see here (described), e.g. a 500, or a 503 that is not a problem with Retry-After.</summary>
    public IReadOnlyCollection<string> Unexpected => _unexpected;
    public int Count(string answer) => _answers.GetValueOrDefault(answer);

    public void Start() => _writers = kiosks.Select((kiosk, i) => Task.Run(() => WriteAsync(kiosk, i))).ToArray();

    /// <summary>Lets every writer finish the rating it is sending (acknowledged), then stops.</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_writers).WaitAsync(TimeSpan.FromSeconds(90));
    }

    private async Task WriteAsync(HttpClient kiosk, int writer)
    {
        for (var n = writer; !_stop.IsCancellationRequested; n += kiosks.Count)
        {
            var score = scores[n % scores.Length];
            var rating = RatingBody.New(counterId, score, fieldCode: TestCatalog.FieldsOf[counterId][0]);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (true)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"rating {rating["id"]} was not acknowledged within 60 s; answers so far {Describe(_answers)}");
                var answer = await SendAsync(kiosk, rating);
                _answers.AddOrUpdate(answer, 1, (_, c) => c + 1);
                if (answer.StartsWith('4')) throw new InvalidOperationException($"rating {rating["id"]} refused: {_unexpected.LastOrDefault()}");
                if (answer is "201" or "200")
                {
                    _acknowledged[Guid.Parse((string)rating["id"]!)] = score;
                    break;
                }
                await Task.Delay(20); // a kiosk's outbox waits a little before sending again
            }
        }
    }

    private async Task<string> SendAsync(HttpClient kiosk, Dictionary<string, object?> rating)
    {
        HttpResponseMessage response;
        try
        {
            response = await kiosk.PostAsJsonAsync("/api/ratings", rating);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "error";
        }
        using (response)
        {
            var status = ((int)response.StatusCode).ToString();
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable
                && (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || response.Headers.RetryAfter is null))
                _unexpected.Enqueue($"503 without a problem body and Retry-After: {response.Content.Headers.ContentType} {await response.Content.ReadAsStringAsync()}");
            else if (status is not ("201" or "200" or "503"))
                _unexpected.Enqueue($"{status}: {await response.Content.ReadAsStringAsync()}");
            return status;
        }
    }

    public static string Describe(IReadOnlyDictionary<string, int> answers) =>
        string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}×{a.Value}"));
}
