using MathNet.Numerics.Distributions;

namespace ParSurvey.Analytics;

/// <summary>Whether a change in satisfaction between two periods is more than noise: a pooled two-proportion z-test.</summary>
public sealed record ProportionChange(double? Difference, double? Z, double? PValue, bool Significant, string Judgement, string JudgementEn);

public static class TwoProportionTest
{
    public static ProportionChange Compare(long currentSatisfied, long currentTotal, long previousSatisfied, long previousTotal, double alpha = 0.05)
    {
        if (currentTotal == 0 || previousTotal == 0)
            return new(null, null, null, false, "Không đủ số liệu để so sánh với kỳ trước.", "Not enough data to compare with the previous period.");
        double p1 = (double)currentSatisfied / currentTotal, p2 = (double)previousSatisfied / previousTotal;
        var pooled = (double)(currentSatisfied + previousSatisfied) / (currentTotal + previousTotal);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / currentTotal + 1.0 / previousTotal));
        var difference = p1 - p2;
        if (se == 0)
        {
            // Both periods all satisfied (or none): no variation at all.
            return new(difference, null, difference == 0 ? 1 : 0, difference != 0,
                difference == 0 ? "Không thay đổi so với kỳ trước." : "Thay đổi rõ rệt so với kỳ trước.",
                difference == 0 ? "No change from the previous period." : "A clear change from the previous period.");
        }
        var z = difference / se;
        var p = 2 * (1 - Normal.CDF(0, 1, Math.Abs(z)));
        var significant = p < alpha;
        var points = Math.Abs(difference * 100).ToString("0.0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));
        var pText = p.ToString("0.000", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));
        var (vi, en) = (significant, difference > 0) switch
        {
            (true, true) => ($"Tăng {points} điểm phần trăm so với kỳ trước, có ý nghĩa thống kê (p = {pText}).",
                $"Up {Math.Abs(difference * 100):0.0} percentage points on the previous period, statistically significant (p = {p:0.000})."),
            (true, false) => ($"Giảm {points} điểm phần trăm so với kỳ trước, có ý nghĩa thống kê (p = {pText}).",
                $"Down {Math.Abs(difference * 100):0.0} percentage points on the previous period, statistically significant (p = {p:0.000})."),
            _ => ($"Thay đổi {(difference >= 0 ? "+" : "−")}{points} điểm phần trăm, chưa vượt mức dao động ngẫu nhiên (p = {pText}).",
                $"A change of {(difference >= 0 ? "+" : "−")}{Math.Abs(difference * 100):0.0} points, within random variation (p = {p:0.000})."),
        };
        return new(difference, z, p, significant, vi, en);
    }
}
