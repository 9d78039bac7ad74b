namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>Builds rating bodies as a kiosk would send them.</summary>
public static class RatingBody
{
    public static Dictionary<string, object?> New(string counterId = "a1", int score = 4, string channel = "kiosk",
        string? fieldCode = null, Guid? id = null) => new()
    {
        ["id"] = (id ?? Guid.NewGuid()).ToString(),
        ["counterId"] = counterId,
        ["fieldCode"] = fieldCode,
        ["score"] = score,
        ["channel"] = channel,
    };
}
