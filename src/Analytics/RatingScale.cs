namespace ParSurvey.Analytics;

/// <summary>One answer on a rating scale (mức đánh giá), e.g. 4 = "Rất hài lòng".</summary>
public sealed record ScaleLevel(int Score, string Label, string LabelEn, bool Satisfied);

/// <summary>
/// A rating scale is data: its levels, their labels and which of them count as satisfied.
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

    /// <summary>Four levels as on counter devices; satisfied = 3 and 4.</summary>
    public static RatingScale FourLevel { get; } = new("4-muc", "Thang 4 mức (thiết bị tại quầy)",
    [
        new(4, "Rất hài lòng", "Very satisfied", true),
        new(3, "Hài lòng", "Satisfied", true),
        new(2, "Bình thường", "Neutral", false),
        new(1, "Không hài lòng", "Not satisfied", false),
    ]);

    /// <summary>Three levels of Circular 01/2018/TT-VPCP; satisfied = 2 and 3.</summary>
    public static RatingScale ThreeLevel { get; } = new("3-muc", "Thang 3 mức (Thông tư 01/2018/TT-VPCP)",
    [
        new(3, "Rất hài lòng", "Very satisfied", true),
        new(2, "Hài lòng", "Satisfied", true),
        new(1, "Không hài lòng", "Not satisfied", false),
    ]);

    /// <summary>Five levels, adding "Rất không hài lòng"; satisfied = 4 and 5.</summary>
    public static RatingScale FiveLevel { get; } = new("5-muc", "Thang 5 mức",
    [
        new(5, "Rất hài lòng", "Very satisfied", true),
        new(4, "Hài lòng", "Satisfied", true),
        new(3, "Bình thường", "Neutral", false),
        new(2, "Không hài lòng", "Not satisfied", false),
        new(1, "Rất không hài lòng", "Very dissatisfied", false),
    ]);

    public static IReadOnlyList<RatingScale> BuiltIn { get; } = [FourLevel, ThreeLevel, FiveLevel];
}
