using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;

namespace Supawatch.Bench.Exporter;

/// <summary>The <c>stats-100</c> section of docs/performance.md.</summary>
internal sealed record StatsReport(
    int PodmanConcurrency,
    MachineInfo Machine, string PodmanVersion, int Containers, Run StartAll, IReadOnlyList<Run> Sweeps, int WithCpu, Run PodmanStats, string LoadAtEnd)
{
    public ScenarioReport ToScenarioReport()
    {
        var wall = Summary.Of(Sweeps.Select(r => r.WallMs));
        var goalMs = StatsSweepScenario.Goal.TotalMilliseconds;
        var met = wall.Max < goalMs;
        var table = new MarkdownTable("Step (wall time)", "runs", "first", "p50", "max", "CPU p50", "allocated p50", "goal", "met")
            .Row($"**`ContainerStatsCollector.SweepAsync`** over {Format.Number(Containers)} running containers", Sweeps, $"< {Format.Ms(goalMs)} each", met ? "yes" : "**no**")
            .Row($"(context) `podman stats --no-stream` of the same containers, podman's own CLI", PodmanStats)
            .Row($"(context) starting the {Format.Number(Containers)} containers, {PodmanConcurrency} `podman run -d` at once", StartAll);
        var markdown = $"""
            ## Docker stats sweep over {Format.Number(Containers)} real containers (real podman)

            Measured {Machine.Date:yyyy-MM-dd HH:mm} UTC with `bash bench/run.sh stats-100` on {Machine.Describe()}; {PodmanVersion}.

            `bench/run.sh` starts the same private podman API service as for `discovery-latency`; the bench starts
            {Format.Number(Containers)} busybox `sleep` containers named `<id>_kong`, `<id>_studio`, `<id>_db`, builds
            `AddDiscovery(configuration).AddExporter(configuration)` on that socket with default options, runs one
            `DiscoveryEngine.ReconcileAsync` and then times {StatsSweepScenario.Sweeps} calls of `ContainerStatsCollector.SweepAsync` one after
            another (one-shot `GET /containers/{"{id}"}/stats` per running container, 16 at once, 5 s timeout each). Every sweep
            must read stats of all {Format.Number(Containers)} containers or the run fails; CPU percent (from two of Supawatch's own samples,
            podman zeroes `precpu_stats`) was present for {WithCpu} after the last sweep. CPU and allocation are the bench
            process's (Supawatch's side only); podman's work happens in its own service process on the same 2 cores.
            The containers are removed by name afterwards.

            {table}
            The context rows are single wall-clock timings of podman commands; their CPU and allocation would be the
            bench's own waiting, so they are left out.

            **Goal:** a sweep of {Format.Number(Containers)} under {Format.Ms(goalMs)} — {(met ? "met" : "**missed**")} (p50 {Format.Ms(wall.P50)}, slowest {Format.Ms(wall.Max)}, first {Format.Ms(Sweeps[0].WallMs)}).
            Load average when done: {LoadAtEnd}.
            """;
        return new ScenarioReport(BenchArguments.Stats, markdown, met ? [] : [$"stats-100: slowest sweep {Format.Ms(wall.Max)} (goal < {Format.Ms(goalMs)})"]);
    }
}
