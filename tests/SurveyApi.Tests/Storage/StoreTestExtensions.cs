using ParSurvey.SurveyApi.Ratings;
using ParSurvey.SurveyApi.Storage;

namespace ParSurvey.SurveyApi.Tests.Storage;

public static class StoreTestExtensions
{
    /// <summary>Appends and returns the outcomes alone, for tests about new, repeated and conflicting ids.</summary>
    public static async Task<AppendOutcome[]> OutcomesOf(this IRatingStore store, IReadOnlyList<Rating> ratings) =>
        (await store.AppendAsync(ratings)).Select(r => r.Outcome).ToArray();
}
