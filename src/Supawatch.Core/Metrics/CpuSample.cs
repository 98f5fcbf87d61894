namespace Supawatch.Metrics;

/// <summary>
/// A cumulative CPU counter read at a moment. CPU percent comes from two of our own samples, not from the
/// engine's <c>precpu_stats</c>, which podman leaves zeroed on one-shot calls.
/// </summary>
public readonly record struct CpuSample(double TotalNanoseconds, DateTimeOffset At)
{
    /// <returns>Percent of one core between the samples, or null when they cannot be compared.</returns>
    public static double? Percent(CpuSample previous, CpuSample current)
    {
        var wallNanoseconds = (current.At - previous.At).Ticks * 100.0;
        var cpuNanoseconds = current.TotalNanoseconds - previous.TotalNanoseconds;
        if (wallNanoseconds <= 0 || cpuNanoseconds < 0)
        {
            return null;
        }

        return cpuNanoseconds / wallNanoseconds * 100.0;
    }
}
