using System.Diagnostics;
using Supawatch.Bench.Measurement;

namespace Supawatch.Bench.Reconcile;

/// <summary>
/// One timed call: wall time, the bench process's CPU time (all threads) and managed bytes allocated (all threads).
/// The synthetic engine is another process, so neither counter includes its work.
/// </summary>
internal readonly record struct Run(double WallMs, double CpuMs, long AllocatedBytes)
{
    public static Running Start() => new(Stopwatch.GetTimestamp(), CpuNow(), GC.GetTotalAllocatedBytes(precise: true));

    public override string ToString() => $"{Format.Ms(WallMs)} wall, {Format.Ms(CpuMs)} CPU, {Format.MB(AllocatedBytes)} allocated";

    private static double CpuNow()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalMilliseconds;
    }

    /// <summary>A run in progress.</summary>
    internal readonly record struct Running(long Started, double Cpu, long Allocated)
    {
        public Run Stop() => new(
            Stopwatch.GetElapsedTime(Started).TotalMilliseconds,
            CpuNow() - Cpu,
            GC.GetTotalAllocatedBytes(precise: true) - Allocated);
    }
}
