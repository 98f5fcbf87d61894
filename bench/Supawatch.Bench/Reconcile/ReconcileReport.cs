using System.Runtime;
using Supawatch.Bench.Measurement;

namespace Supawatch.Bench.Reconcile;

/// <summary>The <c>reconcile-1000</c> section of docs/performance.md, and which goals were missed.</summary>
internal sealed record ReconcileReport(
    MachineInfo Machine,
    EngineCounters Fleet,
    int InspectConcurrency,
    IReadOnlyList<Run> Cold,
    IReadOnlyList<Run> ClientOnly,
    IReadOnlyList<Run> Warm,
    RenderRuns Render,
    MemoryReading Before,
    MemoryReading AfterCold,
    MemoryReading After,
    ServiceReading Service,
    IReadOnlyDictionary<string, int> NotServed)
{
    public ScenarioReport ToScenarioReport(TimeSpan reconcileGoal, long memoryGoalBytes)
    {
        var instances = Fleet.Containers / ComponentSpec.All.Length;
        var worstCold = Math.Max(Cold.Max(r => r.WallMs), Service.ReconcileMs);
        var reconcileMet = worstCold <= reconcileGoal.TotalMilliseconds;
        // The goal is the memory of a full reconcile: the peak of the process that does nothing else (this one,
        // Docker.DotNet reference runs included). The whole service at 1,000 instances is reported beside it; its
        // memory is the exporter's goal (metrics-1000), which it carries with health, stats and the status page.
        var memoryMet = After.PeakWorkingSet <= memoryGoalBytes;
        var missed = new List<string>();
        if (!reconcileMet)
        {
            missed.Add($"reconcile-1000: slowest cold reconcile {Format.Ms(worstCold)} is over the {reconcileGoal.TotalSeconds:0} s goal");
        }

        if (!memoryMet)
        {
            missed.Add($"reconcile-1000: the reconciling process peaked at {Format.MB(After.PeakWorkingSet)}, over the {Format.MB(memoryGoalBytes)} goal");
        }

        var times = new MarkdownTable("Step (wall time)", "runs", "first", "p50", "max", "CPU p50", "allocated p50", "goal", "met")
            .Row($"Cold reconcile (`distrust: true`: 1 list + {Format.Number(Fleet.Containers)} inspects)", Cold, $"< {reconcileGoal.TotalSeconds:0} s", reconcileMet ? "yes" : "**no**")
            .Row($"Reference: the same {Format.Number(Fleet.Containers)} inspects by Docker.DotNet.Enhanced alone, {InspectConcurrency} at once (no Supawatch code)", ClientOnly, "–", "–")
            .Row("Warm reconcile (`distrust: false`: 1 list, 0 inspects)", Warm, "–", "–")
            .Row($"`ScrapeTargets.Render` of the snapshot ({Format.Number(Render.Groups)} groups, {Format.MB(Render.Bytes)})", Render.Runs, "–", "–");

        var memory = new MarkdownTable("Memory of the bench process", "before discovery", "after cold reconciles", "after all", "growth")
            .Row("Managed heap after a full GC (`GC.GetTotalMemory(true)`)", Format.MB(Before.Heap), Format.MB(AfterCold.Heap), Format.MB(After.Heap), Format.MB(After.Heap - Before.Heap))
            .Row("Working set", Format.MB(Before.WorkingSet), Format.MB(AfterCold.WorkingSet), Format.MB(After.WorkingSet), Format.MB(After.WorkingSet - Before.WorkingSet))
            .Row($"**Peak working set** (goal < {Format.MB(memoryGoalBytes)})", Format.MB(Before.PeakWorkingSet), Format.MB(AfterCold.PeakWorkingSet), Format.MB(After.PeakWorkingSet), "–");

        var service = new MarkdownTable($"The shipped service, `supawatch serve` ({Collector} GC)", "measured")
            .Row("Process start → ready, all targets in `/sd`", Format.Ms(Service.ReadyMs))
            .Row($"Its start-up reconcile (cold{(SupawatchService.NativeBinary is null ? ", with JIT" : "")}), from its own `/metrics`", Format.Ms(Service.ReconcileMs))
            .Row("Resident memory (VmRSS) 1 s after ready", Format.MB(Service.ResidentBytes))
            .Row("Peak resident memory (VmHWM), with health, stats, exporter and status page running", Format.MB(Service.PeakResidentBytes));

        var markdown = $"""
            ## Full reconcile of {Format.Number(instances)} instances (SYNTHETIC Docker Engine)

            Measured {Machine.Date:yyyy-MM-dd HH:mm} UTC with `bash bench/run.sh reconcile-1000` on {Machine.Describe()}; the service's build: {SupawatchService.Build}.

            **The Docker Engine here is synthetic**: a Kestrel app on a Unix socket
            (`bench/Supawatch.Bench/Reconcile/SyntheticDockerEngine.cs`) serving {Format.Number(Fleet.Containers)} running containers
            ({Format.Number(instances)} instances × kong/studio/db, named `<n>_app_<m>_<component>`, one port each on 127.0.0.1),
            shaped like Docker Engine API 1.47 JSON: the list is {Format.MB(Fleet.ListBytes)}, one inspect about
            {Fleet.InspectBytes / Math.Max(1, Fleet.Containers):#,0} bytes (health log, compose labels, a Supabase-sized environment).
            Its answers are pre-rendered, and it runs in a child process so that its memory is not counted against
            Supawatch's; it still shares the machine's {Machine.Cores} cores, as dockerd would.

            What is real is Supawatch's code: `AddDiscovery` wires `DockerContainerSource` (`DockerContainerReader` over
            the socket, {InspectConcurrency} inspects at once) and `DiscoveryEngine`; the bench calls
            `ReconcileAsync("bench", distrust, …)` and after every call checks that the snapshot holds all
            {Format.Number(instances)} instances and {Format.Number(Fleet.Containers)} containers and that the engine saw exactly one list and the
            expected number of inspects. "First" includes JIT and connection set-up. CPU and allocations are the bench
            process's (Supawatch's side only), all threads.

            {times}
            {memory}
            {service}
            The last table is the real thing: the `supawatch` binary built from `src/`, started by the bench with
            `serve --docker-host unix://… --discovery-interval 3600` against the same synthetic engine (whose `/events`
            stays open and silent), memory read from `/proc/<pid>/status` once `/readyz` answered and `/sd` held every target.

            The bench process ran the {Collector} GC ({(GCSettings.IsServerGC ? "**not** what `supawatch serve` uses" : "as `supawatch serve` does")}). "Before discovery" is the
            bench's bare runtime; the real service also carries Kestrel and ASP.NET Core on top.

            **Goals:** full reconcile of {Format.Number(instances)} instances under {reconcileGoal.TotalSeconds:0} s — {(reconcileMet ? "met" : "**missed**")}
            (slowest cold reconcile, bench runs and the service's start-up one: {Format.Ms(worstCold)}; bench p50 {Format.Ms(Summary.Of(Cold.Select(r => r.WallMs)).P50)});
            memory of a full reconcile under {Format.MB(memoryGoalBytes)} — {(memoryMet ? "met" : "**missed**")} (the reconciling process, runtime and
            Docker.DotNet reference runs included, peaked at {Format.MB(After.PeakWorkingSet)}). For context, the whole `supawatch serve` at
            {Format.Number(instances)} instances, with its health rounds, stats sweeps, exporter and status page, peaked at {Format.MB(Service.PeakResidentBytes)}:
            the exporter's memory goal (150 MB) is judged on it under load in `metrics-1000`, below.
            Engine calls outside the served API (should be none): {(NotServed.Count == 0 ? "none" : string.Join(", ", NotServed.Select(u => $"`{u.Key}` ×{u.Value}")))}.
            Load average when done: {MachineInfo.LoadNow()}.
            """;
        return new ScenarioReport(BenchArguments.Reconcile, markdown, missed);
    }

    // The bench and the service binary are configured alike (workstation GC); DOTNET_gcServer in the environment changes both.
    private static string Collector => GCSettings.IsServerGC ? "server" : "workstation";
}
