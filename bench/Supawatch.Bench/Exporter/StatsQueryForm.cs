using Supawatch.Bench.Reconcile;

namespace Supawatch.Bench.Exporter;

/// <summary>
/// Raw sweeps of one form of <c>GET /containers/{id}/stats</c> over the bench's containers (<see cref="StatsQueryComparison"/>).
/// </summary>
/// <param name="Query">The query string, e.g. <c>stream=false&amp;one-shot=true</c>.</param>
/// <param name="PrecpuFilled">Answers of the last sweep whose <c>precpu_stats</c> held a CPU counter (the engine's second sample).</param>
internal sealed record StatsQueryForm(string Query, IReadOnlyList<Run> Sweeps, int PrecpuFilled, int Answers, int Asked);
