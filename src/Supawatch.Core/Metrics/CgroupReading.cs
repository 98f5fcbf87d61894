namespace Supawatch.Metrics;

/// <summary>One container's counters as its cgroup files hold them.</summary>
/// <param name="CpuNanoseconds">Cumulative CPU time (v1 <c>cpuacct.usage</c>; v2 <c>cpu.stat</c> <c>usage_usec</c> × 1000).</param>
/// <param name="MemoryUsageBytes">v1 <c>memory.usage_in_bytes</c>; v2 <c>memory.current</c>: what the stats API calls <c>usage</c>.</param>
/// <param name="InactiveFileBytes">Reclaimable page cache from <c>memory.stat</c> (v1 <c>total_inactive_file</c>, v2 <c>inactive_file</c>).</param>
/// <param name="MemoryLimitBytes">The cgroup's limit, null when unlimited.</param>
public readonly record struct CgroupReading(double CpuNanoseconds, double MemoryUsageBytes, double InactiveFileBytes, double? MemoryLimitBytes);
