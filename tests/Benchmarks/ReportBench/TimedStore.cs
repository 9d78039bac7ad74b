using System.Diagnostics;
using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.Benchmarks.Reports;

/// <summary>The store, with the time of each read the report makes written down, to say where a build's time goes.</summary>
public sealed class TimedStore(IRatingStore inner) : IRatingStore
{
    private readonly List<(string Query, double Ms)> _calls = [];

    /// <summary>The calls since the last time this was asked, in order.</summary>
    public IReadOnlyList<(string Query, double Ms)> TakeCalls()
    {
        var calls = _calls.ToArray();
        _calls.Clear();
        return calls;
    }

    public Task<IReadOnlyList<TallyCount>> TallyAsync(TallyQuery query, CancellationToken cancellationToken = default) =>
        TimeAsync($"tally by {query.GroupBy.ToString().ToLowerInvariant()}, {query.To.DayNumber - query.From.DayNumber + 1} days",
            () => inner.TallyAsync(query, cancellationToken));

    public Task<IReadOnlyList<ReasonCount>> ReasonCountsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds,
        CancellationToken cancellationToken = default) =>
        TimeAsync("reasons", () => inner.ReasonCountsAsync(from, to, counterIds, cancellationToken));

    public Task<IReadOnlyList<RatingComment>> CommentsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds, int limit,
        CancellationToken cancellationToken = default) =>
        TimeAsync("comments", () => inner.CommentsAsync(from, to, counterIds, limit, cancellationToken));

    private async Task<T> TimeAsync<T>(string query, Func<Task<T>> call)
    {
        var clock = Stopwatch.StartNew();
        var result = await call();
        _calls.Add((query, clock.Elapsed.TotalMilliseconds));
        return result;
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<Rating> ratings, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(ratings, cancellationToken);

    public Task<IReadOnlyList<FilteredCount>> FilteredCountsAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? counterIds,
        CancellationToken cancellationToken = default) => TimeAsync("filtered", () => inner.FilteredCountsAsync(from, to, counterIds, cancellationToken));

    public Task<Rating?> FindAsync(Guid id, CancellationToken cancellationToken = default) => inner.FindAsync(id, cancellationToken);

    public Task<bool> IsTokenUsedAsync(string tokenId, CancellationToken cancellationToken = default) => inner.IsTokenUsedAsync(tokenId, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

    public Task<IReadOnlyList<Rating>> ListDayAsync(DateOnly localDate, CancellationToken cancellationToken = default) =>
        inner.ListDayAsync(localDate, cancellationToken);
}
