namespace Supawatch.Metrics;

/// <summary>One container's resource use from the Docker stats API.</summary>
/// <param name="CpuPercent">Percent of one core (200 = two cores busy); null until two samples exist.</param>
/// <param name="MemoryBytes">Memory in use less reclaimable page cache, as <c>docker stats</c> shows it.</param>
/// <param name="MemoryLimitBytes">The container's memory limit, or the host's memory when unlimited; null when unknown.</param>
/// <param name="CpuTotalNanoseconds">The raw cumulative CPU time counter.</param>
public sealed record ContainerStats(double? CpuPercent, double MemoryBytes, double? MemoryLimitBytes, double CpuTotalNanoseconds);
