using System.Text.Json;
using ParSurvey.Analytics;

namespace ParSurvey.SurveyApi.Tests.Infrastructure;

/// <summary>
/// A small catalog the tests know by heart, independent of the demo data:
/// city ─┬─ ward-a (a1: ho-tich; a2: chung-thuc + dat-dai) ── ward-a-annex (ax1: ho-tich)
///       ├─ ward-b (b1: ho-tich + chung-thuc)
///       └─ dept-x (3-level scale, target 0.90; x1: dat-dai)
/// Field dat-dai has target 0.90.
/// </summary>
public static class TestCatalog
{
    public static readonly string[] Counters = ["a1", "a2", "ax1", "b1", "x1"];

    public static readonly Dictionary<string, string[]> FieldsOf = new()
    {
        ["a1"] = ["ho-tich"],
        ["a2"] = ["chung-thuc", "dat-dai"],
        ["ax1"] = ["ho-tich"],
        ["b1"] = ["ho-tich", "chung-thuc"],
        ["x1"] = ["dat-dai"],
    };

    public static readonly Dictionary<string, string> UnitOf = new()
    {
        ["a1"] = "ward-a", ["a2"] = "ward-a", ["ax1"] = "ward-a-annex", ["b1"] = "ward-b", ["x1"] = "dept-x",
    };

    /// <summary>Scores on each counter's scale, and which of them count as satisfied (written out, not read from the code).</summary>
    public static int[] ScoresOf(string counter) => counter == "x1" ? [1, 2, 3] : [1, 2, 3, 4];

    public static bool IsSatisfied(string counter, int score) => counter == "x1" ? score >= 2 : score >= 3;

    /// <summary>The scale each counter rates on: Sở X's 3 levels of Circular 01/2018, else the default 4 levels.</summary>
    public static string ScaleIdOf(string counter) => counter == "x1" ? "3-muc" : "4-muc";

    /// <summary>Groups: on 4 levels 4–3 satisfied, 2 neutral, 1 not satisfied; on 3 levels 3–2 satisfied, 1 not satisfied.</summary>
    public static LevelGroup GroupOf(string counter, int score) =>
        IsSatisfied(counter, score) ? LevelGroup.Satisfied : counter != "x1" && score == 2 ? LevelGroup.Neutral : LevelGroup.NotSatisfied;

    public static string Json() => JsonSerializer.Serialize(new
    {
        name = "Danh mục kiểm thử",
        demo = false,
        fields = new object[]
        {
            new { code = "ho-tich", name = "Hộ tịch" },
            new { code = "chung-thuc", name = "Chứng thực" },
            new { code = "dat-dai", name = "Đất đai", target = 0.90 },
        },
        reasons = new object[]
        {
            new { code = "cho-lau", label = "Thời gian chờ lâu" },
            new { code = "thai-do", label = "Thái độ cán bộ" },
        },
        units = new object?[]
        {
            new { id = "city", name = "Thành phố", parentId = (string?)null },
            new { id = "ward-a", name = "Phường A", parentId = "city" },
            new { id = "ward-a-annex", name = "Điểm tiếp nhận phường A", parentId = "ward-a" },
            new { id = "ward-b", name = "Phường B", parentId = "city" },
            new { id = "dept-x", name = "Sở X", parentId = "city", scale = "3-muc", target = 0.90 },
        },
        counters = Counters.Select(c => new { id = c, unitId = UnitOf[c], name = $"Quầy {c}", fieldCodes = FieldsOf[c] }),
    });
}
