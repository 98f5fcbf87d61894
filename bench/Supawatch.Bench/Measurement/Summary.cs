namespace Supawatch.Bench.Measurement;

/// <summary>Order statistics of one sample, nearest-rank percentiles (p95 of 30 values is the 29th smallest).</summary>
internal sealed record Summary(int Count, double Min, double P50, double P95, double Max, double Mean)
{
    public static Summary Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new Summary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        return new Summary(sorted.Length, sorted[0], Rank(sorted, 0.50), Rank(sorted, 0.95), sorted[^1], sorted.Average());
    }

    /// <summary>One nearest-rank percentile (p99 of 20 values is the largest).</summary>
    public static double Percentile(IEnumerable<double> values, double quantile)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : Rank(sorted, quantile);
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
