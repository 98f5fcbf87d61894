using Supawatch.Bench.Reconcile;

namespace Supawatch.Bench.Exporter;

/// <summary>What <c>stats-100</c> measured on one engine.</summary>
/// <param name="EngineCpuSeconds">CPU the engine's processes used over all the sweeps together.</param>
/// <param name="EngineStats">One <c>stats --no-stream</c> of the same containers with the engine's own CLI.</param>
/// <param name="QueryForms">Raw sweeps with <c>one-shot=true</c> and with <c>stream=false</c> alone (<see cref="StatsQueryComparison"/>).</param>
internal sealed record StatsEngineResult(
    StatsEngine Engine, string Version, Run StartAll, IReadOnlyList<Run> Sweeps, int WithCpu, double EngineCpuSeconds, Run EngineStats, IReadOnlyList<StatsQueryForm> QueryForms);
