namespace Supawatch.Bench.Memory;

/// <summary>What one <c>supawatch serve</c> process did over a memory-floor observation.</summary>
internal sealed record MemoryFloorRun(
    string Fleet,
    double TargetsMs,
    long PeakResidentBytes,
    long ResidentAtEndBytes,
    int Rounds,
    double RoundMeanSeconds,
    double ChecksPerRound,
    double CpuSeconds,
    double ChecksRun,
    double RoundAllocatedBytes,
    double MetricsGzipP50Ms,
    double MetricsGzipP99Ms,
    long MetricsGzipBytes,
    double StatusJsonP50Ms,
    double WarmReconcileMs);
