using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Ratings;

/// <summary>What one batch adds to the daily roll-ups, counted in memory first.</summary>
public sealed class RollupBatch
{
    public Dictionary<(DateOnly Date, string Counter, string Field, string Scale, int Score, LevelGroup Group), int> Tallies { get; } = [];
    public Dictionary<(DateOnly Date, string Counter, string Field, string Reason), int> Reasons { get; } = [];
    public Dictionary<(DateOnly Date, string Counter, string Field), int> Filtered { get; } = [];

    /// <summary>A filtered rating counts only as filtered: in no tally and no reason.</summary>
    public void Add(Rating r)
    {
        if (r.Filtered)
        {
            var filteredKey = (r.LocalDate, r.CounterId, r.FieldCode);
            Filtered[filteredKey] = Filtered.GetValueOrDefault(filteredKey) + 1;
            return;
        }
        var key = (r.LocalDate, r.CounterId, r.FieldCode, r.ScaleId, r.Score, r.Group);
        Tallies[key] = Tallies.GetValueOrDefault(key) + 1;
        foreach (var reason in r.Reasons)
        {
            var reasonKey = (r.LocalDate, r.CounterId, r.FieldCode, reason);
            Reasons[reasonKey] = Reasons.GetValueOrDefault(reasonKey) + 1;
        }
    }
}
