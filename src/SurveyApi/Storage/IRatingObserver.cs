using ParSurvey.SurveyApi.Ratings;

namespace ParSurvey.SurveyApi.Storage;

/// <summary>Told of new ratings right after they are committed (on the writer's thread: keep it quick and in memory).</summary>
public interface IRatingObserver
{
    void Observe(IReadOnlyList<Rating> created);
}
