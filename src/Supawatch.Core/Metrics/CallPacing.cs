namespace Supawatch.Metrics;

/// <summary>
/// Spreads the calls of one sweep over time, in batches: a sweep of thousands of calls then costs the same CPU, in the
/// exporter and in the engine it asks, but in small steps instead of one burst that takes every core from scrapes.
/// Batches (rather than one call every few milliseconds) wake both sides once a batch, not once a call
/// (see docs/performance.md, "Paced stats sweeps").
/// </summary>
public static class CallPacing
{
    /// <summary>
    /// The gap between call starts for at most <paramref name="perSecond"/> calls a second (0: no pacing), shortened
    /// so that <paramref name="calls"/> calls still all start within <paramref name="longest"/>.
    /// </summary>
    public static TimeSpan Spacing(int calls, int perSecond, TimeSpan longest)
    {
        if (perSecond <= 0 || calls <= 1)
        {
            return TimeSpan.Zero;
        }

        var spacing = TimeSpan.FromSeconds(1.0 / perSecond);
        return spacing * (calls - 1) <= longest ? spacing : longest / (calls - 1);
    }

    /// <summary>When call <paramref name="index"/> may start: with the rest of its batch of <paramref name="batch"/>.</summary>
    public static TimeSpan DueTime(int index, TimeSpan spacing, int batch) => spacing * (index - (index % Math.Max(1, batch)));

    /// <summary>Waits until <paramref name="due"/> after <paramref name="startedTimestamp"/> (from <paramref name="time"/>).</summary>
    public static Task WaitForTurnAsync(long startedTimestamp, TimeSpan due, TimeProvider time, CancellationToken cancellationToken)
    {
        var wait = due - time.GetElapsedTime(startedTimestamp);
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
