namespace ParSurvey.SurveyApi.Ratings;

/// <summary>
/// Told of new ratings once they are durable: after the flush that their 201 waits for, never before (on the writer's
/// path: keep it quick and in memory). Filtered ratings are among them, marked.
/// </summary>
public interface IRatingObserver
{
    void Observe(IReadOnlyList<Rating> created);
}
