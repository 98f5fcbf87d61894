using System.Globalization;
using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;

namespace Supawatch.Bench.Scaling;

/// <summary>The <c>hosts-10000</c> section of docs/scaling.md.</summary>
internal sealed record HostsReport(
    MachineInfo Machine,
    int Hosts,
    int PerHost,
    double FirstDiscoveryMs,
    IReadOnlyList<Run> Cold,
    IReadOnlyList<Run> Warm,
    HostsScenario.Gets Metrics,
    HostsScenario.Gets Sd,
    HostsScenario.Gets SdKong,
    HostsScenario.Gets Api,
    HostsScenario.Memory Memory,
    Run Degraded,
    int Stale,
    string LoadAtEnd)
{
    public ScenarioReport ToScenarioReport()
    {
        var instances = Hosts * PerHost;
        var reconciles = new MarkdownTable("`DiscoveryEngine.ReconcileAsync`, all hosts", "runs", "p50", "max", "CPU p50", "allocated p50");
        Row(reconciles, "**cold** (inspect caches dropped: one list and 3 inspects per instance)", Cold);
        Row(reconciles, "**warm** (caches kept: one list per host)", Warm);
        Row(reconciles, "**warm, host-00 gone** (its socket refuses; its instances kept, marked)", [Degraded]);
        var gets = new MarkdownTable("`GET` on 127.0.0.1 (sequential)", "requests", "p50", "p99", "max", "body");
        foreach (var g in new[] { Metrics, Sd, SdKong, Api })
        {
            gets.Row(
                $"`{g.Path}`",
                g.WallMs.Count.ToString(CultureInfo.InvariantCulture),
                Format.Ms(Summary.Percentile(g.WallMs, 0.50)),
                Format.Ms(Summary.Percentile(g.WallMs, 0.99)),
                Format.Ms(g.WallMs.Max()),
                Format.MB(g.Bytes));
        }

        var markdown = $"""
            ## {Format.Number(instances)} instances on {Hosts} Docker hosts (SYNTHETIC Docker engines)

            Measured {Machine.Date:yyyy-MM-dd HH:mm} UTC with `bash bench/run.sh hosts-10000` on {Machine.Describe()}.

            The engines are **synthetic**: {Hosts} child processes of the bench (`synthetic-engine --first N`), each serving
            {Format.Number(PerHost)} made-up instances (kong, studio, db: {Format.Number(PerHost * ComponentSpec.All.Length)} running
            containers) on its own unix socket, with pre-rendered list/inspect JSON, one-shot stats and a silent `/events`.
            Supawatch is real: the whole `supawatch serve` host (`ServeCommand.Build`) in the bench process, `DOCKER_HOSTS` naming
            the {Hosts} sockets, `DISCOVERY_INTERVAL`, `SUPAWATCH_STATS_INTERVAL` and `HEALTH_CHECK_INTERVAL` at 1 h so only
            their first rounds run (the health round probes ports nobody listens on: refused at once).

            First discovery, from start to {Format.Number(instances)} instances on `/api/v1/instances`: **{Format.Ms(FirstDiscoveryMs)}**.

            {reconciles}
            {gets}
            Memory of the process after those requests and a full compacting GC: GC heap **{Format.MB(Memory.GcHeapBytes)}**,
            working set **{Format.MB(Memory.WorkingSetBytes)}** (peak {Format.MB(Memory.PeakWorkingSetBytes)}; the peak includes the
            cold reconciles and building the larger responses). The engines' memory is theirs, not counted.
            With host-00 gone, {Format.Number(Stale)} instances stayed in the inventory marked `host_up: false` and the other
            {Hosts - 1} hosts' were untouched. Load average when done: {LoadAtEnd}.
            """;
        return new ScenarioReport(BenchArguments.Hosts, markdown, []);
    }

    private static void Row(MarkdownTable table, string name, IReadOnlyList<Run> runs) => table.Row(
        name,
        runs.Count.ToString(CultureInfo.InvariantCulture),
        Format.Ms(Summary.Percentile(runs.Select(r => r.WallMs), 0.50)),
        Format.Ms(runs.Max(r => r.WallMs)),
        Format.Ms(Summary.Percentile(runs.Select(r => r.CpuMs), 0.50)),
        Format.MB((long)Summary.Percentile(runs.Select(r => (double)r.AllocatedBytes), 0.50)));
}
