using MathNet.Numerics.Distributions;

namespace ParSurvey.Analytics;

/// <summary>
/// Wilson score interval for a proportion. Unlike the textbook p ± z·√(p(1−p)/n) it stays inside [0, 1] and does not
/// collapse to a point at 0 % or 100 %, which matters when a ward's 12 ratings are all "satisfied".
/// </summary>
public static class WilsonInterval
{
    public static double ZFor(double confidence)
    {
        if (confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(confidence), "must be in (0, 1)");
        return Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
    }

    // The live board evaluates dozens of rows per update; the normal quantile is the costly part and the confidence
    // never changes in a running server.
    // A reference, swapped whole, so a reader on another thread never sees one confidence with another's z.
    private sealed record ZOf(double Confidence, double Z);

    private static ZOf _last = new(0.95, ZFor(0.95));

    private static double CachedZ(double confidence)
    {
        var last = _last;
        if (last.Confidence == confidence) return last.Z;
        _last = last = new ZOf(confidence, ZFor(confidence));
        return last.Z;
    }

    /// <returns>null when n = 0: nothing can be said.</returns>
    public static (double Low, double High)? Compute(long successes, long n, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (successes < 0 || successes > n) throw new ArgumentOutOfRangeException(nameof(successes));
        if (n == 0) return null;

        var z = CachedZ(confidence);
        var z2 = z * z;
        var p = (double)successes / n;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2.0 * n)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
