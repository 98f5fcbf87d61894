using Supawatch.Bench.Reconcile;

namespace Supawatch.Bench.Exporter;

/// <summary>What <c>stats-100</c> (or <c>stats-300</c>) measured on one engine.</summary>
/// <param name="Sweeps">Sweeps through the engine's stats API (<c>SUPAWATCH_STATS_SOURCE=api</c>).</param>
/// <param name="EngineCpuSeconds">CPU the engine's processes used over all the API sweeps together.</param>
/// <param name="EngineStats">One <c>stats --no-stream</c> of the same containers with the engine's own CLI.</param>
/// <param name="CgroupSweeps">The same sweeps reading each container's cgroup files (<c>SUPAWATCH_STATS_SOURCE=cgroup</c>).</param>
/// <param name="CgroupEngineCpuSeconds">CPU the engine's processes used over all the cgroup sweeps together.</param>
/// <param name="QueryForms">Raw sweeps with <c>one-shot=true</c> and with <c>stream=false</c> alone (<see cref="StatsQueryComparison"/>).</param>
internal sealed record StatsEngineResult(
    StatsEngine Engine, string Version, Run StartAll, IReadOnlyList<Run> Sweeps, int WithCpu, double EngineCpuSeconds, Run EngineStats,
    IReadOnlyList<Run> CgroupSweeps, double CgroupEngineCpuSeconds, IReadOnlyList<StatsQueryForm> QueryForms);
