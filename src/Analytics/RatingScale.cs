using System.Text.Json.Serialization;

namespace ParSurvey.Analytics;

/// <summary>
/// The three groups every level of every scale belongs to. Rates are satisfied ÷ total, whatever the scale; across
/// scales only these groups are added, never levels (level 2 is "Hài lòng" on the 3-level scale, "Bình thường" on the
/// 4-level one).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<LevelGroup>))]
public enum LevelGroup
{
    /// <summary>Hài lòng: counts towards the satisfaction rate.</summary>
    [JsonStringEnumMemberName("satisfied")] Satisfied,
    /// <summary>Bình thường: neither.</summary>
    [JsonStringEnumMemberName("neutral")] Neutral,
    /// <summary>Không hài lòng: a dissatisfied citizen, who may say why.</summary>
    [JsonStringEnumMemberName("notSatisfied")] NotSatisfied,
}

public static class LevelGroups
{
    /// <summary>The word stored with each rating and used in JSON: satisfied, neutral, notSatisfied.</summary>
    public static string Code(this LevelGroup group) => group switch
    {
        LevelGroup.Satisfied => "satisfied",
        LevelGroup.Neutral => "neutral",
        _ => "notSatisfied",
    };

    public static LevelGroup? Parse(string? code) => code switch
    {
        "satisfied" => LevelGroup.Satisfied,
        "neutral" => LevelGroup.Neutral,
        "notSatisfied" => LevelGroup.NotSatisfied,
        _ => null,
    };

    public static IReadOnlyList<LevelGroup> All { get; } = [LevelGroup.Satisfied, LevelGroup.Neutral, LevelGroup.NotSatisfied];
}

/// <summary>One answer on a rating scale (mức đánh giá), e.g. 4 = "Rất hài lòng", and the group it counts in.</summary>
/// <param name="Group">Required in a catalog file's scale: <c>"group": "satisfied" | "neutral" | "notSatisfied"</c>.</param>
public sealed record ScaleLevel(int Score, string Label, string LabelEn, [property: JsonRequired] LevelGroup Group)
{
    public bool Satisfied => Group == LevelGroup.Satisfied;
}

/// <summary>
/// A rating scale is data: its levels, their labels and the group each belongs to.
/// The counter devices in use today have four levels; Circular 01/2018/TT-VPCP has three; some ministries use five.
/// </summary>
public sealed record RatingScale(string Id, string Name, IReadOnlyList<ScaleLevel> Levels)
{
    public ScaleLevel? Level(int score)
    {
        foreach (var level in Levels)
        {
            if (level.Score == score) return level;
        }
        return null;
    }

    public bool Contains(int score) => Level(score) is not null;

    public int MinScore => Levels.Min(l => l.Score);

    public int MaxScore => Levels.Max(l => l.Score);

    /// <summary>Four levels as on counter devices: satisfied = 4 and 3, neutral = 2, not satisfied = 1.</summary>
    public static RatingScale FourLevel { get; } = new("4-muc", "Thang 4 mức (thiết bị tại quầy)",
    [
        new(4, "Rất hài lòng", "Very satisfied", LevelGroup.Satisfied),
        new(3, "Hài lòng", "Satisfied", LevelGroup.Satisfied),
        new(2, "Bình thường", "Neutral", LevelGroup.Neutral),
        new(1, "Không hài lòng", "Not satisfied", LevelGroup.NotSatisfied),
    ]);

    /// <summary>Three levels of Circular 01/2018/TT-VPCP: satisfied = 3 and 2, not satisfied = 1.</summary>
    public static RatingScale ThreeLevel { get; } = new("3-muc", "Thang 3 mức (Thông tư 01/2018/TT-VPCP)",
    [
        new(3, "Rất hài lòng", "Very satisfied", LevelGroup.Satisfied),
        new(2, "Hài lòng", "Satisfied", LevelGroup.Satisfied),
        new(1, "Không hài lòng", "Not satisfied", LevelGroup.NotSatisfied),
    ]);

    /// <summary>Five levels, adding "Rất không hài lòng": satisfied = 5 and 4, neutral = 3, not satisfied = 2 and 1.</summary>
    public static RatingScale FiveLevel { get; } = new("5-muc", "Thang 5 mức",
    [
        new(5, "Rất hài lòng", "Very satisfied", LevelGroup.Satisfied),
        new(4, "Hài lòng", "Satisfied", LevelGroup.Satisfied),
        new(3, "Bình thường", "Neutral", LevelGroup.Neutral),
        new(2, "Không hài lòng", "Not satisfied", LevelGroup.NotSatisfied),
        new(1, "Rất không hài lòng", "Very dissatisfied", LevelGroup.NotSatisfied),
    ]);

    public static IReadOnlyList<RatingScale> BuiltIn { get; } = [FourLevel, ThreeLevel, FiveLevel];

    /// <summary>
    /// A stand-in for a scale id that ratings carry but no catalog defines any more: its levels are named "Mức n"
    /// from the scores seen, so numbers still show and never borrow another scale's words.
    /// </summary>
    public static RatingScale Unknown(string id, IEnumerable<(int Score, LevelGroup Group)> levels) => new(id, $"Thang '{id}'",
        levels.DistinctBy(l => l.Score).OrderByDescending(l => l.Score)
            .Select(l => new ScaleLevel(l.Score, $"Mức {l.Score}", $"Level {l.Score}", l.Group)).ToArray());
}
