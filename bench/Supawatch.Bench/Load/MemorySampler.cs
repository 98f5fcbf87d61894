using System.Diagnostics;
using Supawatch.Bench.Exporter;

namespace Supawatch.Bench.Load;

/// <summary>Reads a child's VmRSS from <c>/proc/PID/status</c> once a second until cancelled.</summary>
internal static class MemorySampler
{
    /// <summary>Far more than any bounded run needs (eight runs of at most 300 s); a backstop, not a budget.</summary>
    private const int MaxSamples = 3_600;

    public static async Task<IReadOnlyList<MemorySample>> RunAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        var samples = new List<MemorySample>();
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                if (process.HasExited)
                {
                    break;
                }

                samples.Add(new MemorySample(Stopwatch.GetElapsedTime(started).TotalSeconds, process.Memory().Resident));
            }
            while (samples.Count < MaxSamples && await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // The load is over.
        }

        return samples;
    }
}
