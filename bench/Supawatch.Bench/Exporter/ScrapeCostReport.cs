using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;

namespace Supawatch.Bench.Exporter;

/// <summary>The <c>metrics-scrape-cost</c> section of docs/performance.md.</summary>
internal sealed record ScrapeCostReport(
    MachineInfo Machine, int Instances, Run First, IReadOnlyList<Run> Runs, int TextBytes, int GzipBytes, int Samples, int SupabaseSamples, string LoadAtEnd)
{
    public ScenarioReport ToScenarioReport()
    {
        var wall = Runs.Select(r => r.WallMs).ToArray();
        var table = new MarkdownTable("`MetricsRenderer.RenderAsync`", "runs", "first", "p50", "p99", "max", "CPU p50", "allocated p50")
            .Row(
                $"**Render at {Format.Number(Instances)} instances** (update series, export text, gzip)",
                Runs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.Ms(First.WallMs),
                Format.Ms(Summary.Percentile(wall, 0.50)),
                Format.Ms(Summary.Percentile(wall, 0.99)),
                Format.Ms(wall.Max()),
                Format.Ms(Summary.Percentile(Runs.Select(r => r.CpuMs), 0.50)),
                Format.MB((long)Summary.Percentile(Runs.Select(r => (double)r.AllocatedBytes), 0.50)));
        var markdown = $"""
            ## Preparing one `/metrics` exposition at {Format.Number(Instances)} instances (SYNTHETIC Docker Engine)

            Measured {Machine.Date:yyyy-MM-dd HH:mm} UTC with `bash bench/run.sh metrics-scrape-cost` on {Machine.Describe()}.

            `AddDiscovery(configuration).AddExporter(configuration)` against the synthetic engine of `reconcile-1000`
            ({Format.Number(Instances)} instances, {Format.Number(Instances * ComponentSpec.All.Length)} running containers), one
            cold `ReconcileAsync`, two `ContainerStatsCollector.SweepAsync` a second apart (so every container has CPU percent),
            then `MetricsRenderer.RenderAsync` once ("first", with JIT) and {Runs.Count} times one after another (nearest-rank
            percentiles: p99 of {Runs.Count} is the slowest). Each render sets every tenant series from the snapshot and the stats, removes
            what is gone, exports the registry as text and gzips it (`CompressionLevel.Fastest`) — the work the service does
            in the background after each inventory change and every 2 s, so that `GET /metrics` only copies the bytes.
            CPU and allocation are the bench process's, all threads.

            {table}
            The exposition: {Format.MB(TextBytes)} of text ({Format.Number(Samples)} samples, {Format.Number(SupabaseSamples)} of them `supabase_*`),
            {Format.MB(GzipBytes)} gzipped. No goal was set for this step. Load average when done: {LoadAtEnd}.
            """;
        return new ScenarioReport(BenchArguments.ScrapeCost, markdown, []);
    }
}
