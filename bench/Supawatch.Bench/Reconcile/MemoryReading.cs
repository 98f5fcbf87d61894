using System.Diagnostics;

namespace Supawatch.Bench.Reconcile;

/// <summary>The process's memory at one moment, after a full blocking collection.</summary>
internal sealed record MemoryReading(long Heap, long WorkingSet, long PeakWorkingSet)
{
    public static MemoryReading Take()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new MemoryReading(heap, process.WorkingSet64, process.PeakWorkingSet64);
    }
}
