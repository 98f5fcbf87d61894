using System.Globalization;
using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;

namespace Supawatch.Bench.Exporter;

/// <summary>The <c>stats-100</c> section of docs/performance.md: one row set per engine, Docker Engine first.</summary>
internal sealed record StatsReport(int EngineConcurrency, MachineInfo Machine, IReadOnlyList<StatsEngineResult> Engines, string LoadAtEnd)
{
    public ScenarioReport ToScenarioReport()
    {
        var goalMs = StatsSweepScenario.Goal.TotalMilliseconds;
        var table = new MarkdownTable("Step (wall time)", "runs", "first", "p50", "max", "CPU p50", "allocated p50", "goal", "met");
        var engineTable = new MarkdownTable("Engine", "sweep p50", "sweep max", "engine CPU over the sweeps", "engine CPU per sweep", "CPU % present after the last sweep");
        var formsTable = new MarkdownTable("Engine", "query", "sweeps", "sweep p50", "sweep max", "answered", "`precpu_stats` filled");
        var problems = new List<string>();
        foreach (var result in Engines)
        {
            var wall = Summary.Of(result.Sweeps.Select(r => r.WallMs));
            var met = wall.Max < goalMs;
            if (!met)
            {
                problems.Add($"stats-100 on {result.Engine.Name}: slowest sweep {Format.Ms(wall.Max)} (goal < {Format.Ms(goalMs)})");
            }

            table.Row($"**`ContainerStatsCollector.SweepAsync`** on {result.Engine.Name}", result.Sweeps, $"< {Format.Ms(goalMs)} each", met ? "yes" : "**no**")
                .Row($"(context) `{(result.Engine.Name == "podman" ? "podman" : "docker")} stats --no-stream` of the same containers", result.EngineStats)
                .Row($"(context) starting the containers on {result.Engine.Name}, {EngineConcurrency} `run -d` at once", result.StartAll);
            foreach (var form in result.QueryForms)
            {
                var formWall = Summary.Of(form.Sweeps.Select(r => r.WallMs));
                formsTable.Row(result.Engine.Name, $"`stats?{form.Query}`", form.Sweeps.Count.ToString(CultureInfo.InvariantCulture), Format.Ms(formWall.P50), Format.Ms(formWall.Max),
                    $"{form.Answers}/{form.Asked}", $"{form.PrecpuFilled}");
            }

            engineTable.Row(
                $"{result.Engine.Name} ({result.Version})",
                Format.Ms(wall.P50),
                Format.Ms(wall.Max),
                $"{result.EngineCpuSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s",
                $"{(result.EngineCpuSeconds * 1000 / result.Sweeps.Count).ToString("0", CultureInfo.InvariantCulture)} ms",
                $"{result.WithCpu}");
        }

        var ratio = Engines.Count == 2 ? Ratios(Engines[0], Engines[1]) : string.Empty;
        var markdown = $"""
            ## Docker stats sweep over 100 real containers (real Docker Engine and real podman)

            Measured {Machine.Date:yyyy-MM-dd HH:mm} UTC with `bash bench/run.sh stats-100` on {Machine.Describe()}; {string.Join("; ", Engines.Select(e => e.Version))}.

            `bench/run.sh` starts a private real Docker Engine (Debian's dockerd, its own data root, socket and bridge, as
            the integration tests' `DockerEngineFixture`) and the same private podman API service as for
            `discovery-latency`. On each, one after the other, the bench starts busybox `sleep` containers named `<id>_kong`,
            `<id>_studio`, `<id>_db`, builds `AddDiscovery(configuration).AddExporter(configuration)` on that socket with
            default options, runs one `DiscoveryEngine.ReconcileAsync` and then times {StatsSweepScenario.Sweeps} calls of
            `ContainerStatsCollector.SweepAsync` one after another (one-shot `GET /containers/{"{id}"}/stats?stream=false&one-shot=true`
            per running container, 16 at once, 5 s timeout each). Every sweep must read stats of every container or the run
            fails; CPU percent comes from two of Supawatch's own samples (neither engine fills `precpu_stats` on a one-shot
            call). CPU and allocation in the first table are the bench process's (Supawatch's side only); the engine's CPU
            is the user + system time, read from /proc before and after the sweeps, of every process of that engine
            (Docker: dockerd, containerd and the per-container shims; podman: the API service and the conmons).
            The containers are removed by name afterwards.

            {engineTable}
            {ratio}

            {table}
            The context rows are single wall-clock timings of engine commands; their CPU and allocation would be the
            bench's own waiting, so they are left out.

            The two forms of the call, raw (no Supawatch code: {StatsQueryComparison.Sweeps} sweeps each of plain
            `GET /containers/{"{id}"}/stats?…` on the engine's socket over the same containers, 16 at once):
            `one-shot=true` is what Supawatch sends; `stream=false` alone makes Docker Engine wait for a second sample
            to fill `precpu_stats`.

            {formsTable}

            **Goal:** a sweep of 100 under {Format.Ms(goalMs)} on each engine — {(problems.Count == 0 ? "met" : "**missed**")}.
            Load average when done: {LoadAtEnd}.
            """;
        return new ScenarioReport(BenchArguments.Stats, markdown, problems);
    }

    private static string Ratios(StatsEngineResult docker, StatsEngineResult podman)
    {
        var dockerWall = Summary.Of(docker.Sweeps.Select(r => r.WallMs)).P50;
        var podmanWall = Summary.Of(podman.Sweeps.Select(r => r.WallMs)).P50;
        var wallRatio = podmanWall > 0 ? dockerWall / podmanWall : double.NaN;
        var cpuRatio = podman.EngineCpuSeconds > 0 ? docker.EngineCpuSeconds / podman.EngineCpuSeconds : double.NaN;
        return $"{docker.Engine.Name} / {podman.Engine.Name}: sweep wall time (p50) × {wallRatio.ToString("0.00", CultureInfo.InvariantCulture)}, engine CPU × {cpuRatio.ToString("0.00", CultureInfo.InvariantCulture)}.";
    }
}
