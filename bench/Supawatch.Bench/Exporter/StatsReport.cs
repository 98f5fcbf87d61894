using System.Globalization;
using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;

namespace Supawatch.Bench.Exporter;

/// <summary>
/// The <c>stats-100</c> (or <c>stats-300</c>) section of docs/performance.md: one row set per engine, Docker Engine first.
/// The sweep wall-time goal is stats-100's; stats-300 has issue 25's engine-CPU goal only.
/// </summary>
internal sealed record StatsReport(string Scenario, int Containers, int EngineConcurrency, MachineInfo Machine, IReadOnlyList<StatsEngineResult> Engines, string LoadAtEnd)
{
    /// <summary>Issue 25: reading cgroup files must cost the engine at least this many times less CPU than the stats API.</summary>
    public const int SourceGoal = 20;

    public ScenarioReport ToScenarioReport()
    {
        var goalMs = StatsSweepScenario.Goal.TotalMilliseconds;
        var large = Scenario == BenchArguments.StatsLarge;
        var defaultCount = large ? 300 : 100;
        var table = new MarkdownTable("Step (wall time)", "runs", "first", "p50", "max", "CPU p50", "allocated p50", "goal", "met");
        var engineTable = new MarkdownTable("Engine", "sweep p50", "sweep max", "engine CPU over the sweeps", "engine CPU per sweep", "CPU % present after the last sweep");
        var formsTable = new MarkdownTable("Engine", "query", "sweeps", "sweep p50", "sweep max", "answered", "`precpu_stats` filled");
        var sourceTable = new MarkdownTable("Engine", "API sweep p50", "cgroup sweep p50", "engine CPU per API sweep", "engine CPU per cgroup sweep", "engine CPU API / cgroup", "goal", "met");
        var problems = new List<string>();
        foreach (var result in Engines)
        {
            var wall = Summary.Of(result.Sweeps.Select(r => r.WallMs));
            var met = large || wall.Max < goalMs;
            if (!met)
            {
                problems.Add($"{Scenario} on {result.Engine.Name}: slowest sweep {Format.Ms(wall.Max)} (goal < {Format.Ms(goalMs)})");
            }

            table.Row($"**`ContainerStatsCollector.SweepAsync`** on {result.Engine.Name}", result.Sweeps, large ? "–" : $"< {Format.Ms(goalMs)} each", large ? "–" : met ? "yes" : "**no**")
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
            var perApiSweep = result.EngineCpuSeconds * 1000 / result.Sweeps.Count;
            var perCgroupSweep = result.CgroupEngineCpuSeconds * 1000 / result.CgroupSweeps.Count;
            // /proc counts CPU in 10 ms ticks: an engine that spent nothing measurable is credited one tick over the sweeps.
            var floorPerSweep = Math.Max(perCgroupSweep, 10.0 / result.CgroupSweeps.Count);
            var sourceRatio = perApiSweep / floorPerSweep;
            var sourceMet = sourceRatio >= SourceGoal;
            if (!sourceMet)
            {
                problems.Add($"{Scenario} on {result.Engine.Name}: cgroup sweeps cost the engine only {sourceRatio:0.0}× less than API sweeps (goal ≥ {SourceGoal}×)");
            }

            sourceTable.Row(
                result.Engine.Name,
                Format.Ms(wall.P50),
                Format.Ms(Summary.Of(result.CgroupSweeps.Select(r => r.WallMs)).P50),
                $"{perApiSweep.ToString("0", CultureInfo.InvariantCulture)} ms",
                perCgroupSweep > 0 ? $"{perCgroupSweep.ToString("0", CultureInfo.InvariantCulture)} ms" : "0 (below /proc's 10 ms tick)",
                $"{(perCgroupSweep > 0 ? "" : "≥ ")}{sourceRatio.ToString("0", CultureInfo.InvariantCulture)}×",
                $"≥ {SourceGoal}×",
                sourceMet ? "yes" : "**no**");
        }

        var ratio = Engines.Count == 2 ? Ratios(Engines[0], Engines[1]) : string.Empty;
        var command = $"bash bench/run.sh {Scenario}{(Containers == defaultCount ? "" : $" --containers {Containers}")}";
        var title = large
            ? $"## Container stats sweep over {Containers} real containers on Docker Engine, a shim each (issue 25's stats-cost row: stats API against cgroup files)"
            : $"## Container stats sweep over {Containers} real containers (real Docker Engine and real podman; stats API and cgroup files)";
        var engines = large
            ? "`bench/run.sh` starts a private real Docker Engine (Debian's dockerd, its own data root, socket and bridge, as\nthe integration tests' `DockerEngineFixture`); podman is left out at this count (stats-100 compares the two). The bench"
            : "`bench/run.sh` starts a private real Docker Engine (Debian's dockerd, its own data root, socket and bridge, as\nthe integration tests' `DockerEngineFixture`) and the same private podman API service as for\n`discovery-latency`. On each, one after the other, the bench";
        var formsSection = Engines.Any(e => e.QueryForms.Count > 0) ? QueryFormsSection(formsTable) : string.Empty;
        var goals = large
            ? $"cgroup sweeps of {Containers} containers costing Docker Engine at least {SourceGoal}× less CPU than API sweeps (issue 25)"
            : $"a sweep of {Containers} under {Format.Ms(goalMs)} on each engine, and cgroup sweeps costing the engine at least {SourceGoal}× less CPU than API sweeps";
        var markdown = $"""
            {title}

            Measured {Machine.Date:yyyy-MM-dd HH:mm} UTC with `{command}` on {Machine.Describe()}; {string.Join("; ", Engines.Select(e => e.Version))}.

            {engines} starts busybox `sleep` containers named `<id>_kong`,
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

            Then the same {StatsSweepScenario.Sweeps} sweeps over the same containers with `SUPAWATCH_STATS_SOURCE=cgroup`: each
            container's CPU and memory read from its cgroup files under `/sys/fs/cgroup` (docs/metrics.md), as the default
            `auto` does wherever the engine's cgroup tree is visible. Engine CPU is read the same way, around the sweeps only (not
            the reconcile before them), for both sources.

            {sourceTable}

            {table}
            The context rows are single wall-clock timings of engine commands; their CPU and allocation would be the
            bench's own waiting, so they are left out.
            {formsSection}
            **Goals:** {goals} — {(problems.Count == 0 ? "met" : "**missed**: " + string.Join("; ", problems))}.
            Load average when done: {LoadAtEnd}.
            """;
        return new ScenarioReport(Scenario, markdown, problems);
    }

    private static string QueryFormsSection(MarkdownTable formsTable) => $"""

            The two forms of the call, raw (no Supawatch code: {StatsQueryComparison.Sweeps} sweeps each of plain
            `GET /containers/{"{id}"}/stats?…` on the engine's socket over the same containers, 16 at once):
            `one-shot=true` is what Supawatch sends; `stream=false` alone makes Docker Engine wait for a second sample
            to fill `precpu_stats`.

            {formsTable}

            """;

    private static string Ratios(StatsEngineResult docker, StatsEngineResult podman)
    {
        var dockerWall = Summary.Of(docker.Sweeps.Select(r => r.WallMs)).P50;
        var podmanWall = Summary.Of(podman.Sweeps.Select(r => r.WallMs)).P50;
        var wallRatio = podmanWall > 0 ? dockerWall / podmanWall : double.NaN;
        var cpuRatio = podman.EngineCpuSeconds > 0 ? docker.EngineCpuSeconds / podman.EngineCpuSeconds : double.NaN;
        return $"{docker.Engine.Name} / {podman.Engine.Name}: sweep wall time (p50) × {wallRatio.ToString("0.00", CultureInfo.InvariantCulture)}, engine CPU × {cpuRatio.ToString("0.00", CultureInfo.InvariantCulture)}.";
    }
}
