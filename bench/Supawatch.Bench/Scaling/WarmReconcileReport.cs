using System.Globalization;
using Supawatch.Bench.Measurement;

namespace Supawatch.Bench.Scaling;

/// <summary>The <c>reconcile-10000</c> section of docs/scaling.md: each run, then this build against the baseline.</summary>
internal static class WarmReconcileReport
{
    public static ScenarioReport Create(MachineInfo machine, int instances, int hosts, TimeSpan reconcileInterval, TimeSpan scrapeGap, TimeSpan observation, IReadOnlyList<WarmReconcileRun> runs)
    {
        var table = new MarkdownTable("build", "warm reconciles", "**warm reconcile** (mean)", "/metrics gzip scrapes", "gzip p50", "**gzip p99**", "GC pause while watched", "service CPU (whole process life)", "load average after");
        foreach (var run in runs)
        {
            table.Row(run.Build, run.Reconciles.ToString(CultureInfo.InvariantCulture), $"**{Format.Ms(run.WarmReconcileMs)}**", run.Scrapes.ToString(CultureInfo.InvariantCulture),
                Format.Ms(run.GzipP50Ms), $"**{Format.Ms(run.GzipP99Ms)}**",
                double.IsNaN(run.GcPauseSeconds) ? "not exported" : Format.Ms(run.GcPauseSeconds * 1000), Format.Seconds(run.CpuSeconds), run.Load);
        }

        var mine = runs.Where(r => r.Build == "this build").ToArray();
        var baseline = runs.Where(r => r.Build == "baseline").ToArray();
        var ratios = baseline.Length == 0 ? "" : $"""
            This build against the baseline (means of the runs): warm reconcile ×{Ratio(mine, baseline, r => r.WarmReconcileMs)},
            gzip p50 ×{Ratio(mine, baseline, r => r.GzipP50Ms)}, gzip p99 ×{Ratio(mine, baseline, r => r.GzipP99Ms)}.

            """;
        var missed = new List<string>();
        missed.AddRange(mine.Where(r => !(r.WarmReconcileMs < 500)).Select(r => $"{WarmReconcileScenario.Name}: warm reconcile {Format.Ms(r.WarmReconcileMs)} (goal < 500 ms)"));
        missed.AddRange(mine.Where(r => !(r.GzipP99Ms < 50)).Select(r => $"{WarmReconcileScenario.Name}: /metrics gzip p99 {Format.Ms(r.GzipP99Ms)} (goal < 50 ms)"));
        var markdown = $"""
            `bash bench/run.sh reconcile-10000 --baseline PATH` — {instances.ToString("#,0", CultureInfo.InvariantCulture)} instances on {hosts} SYNTHETIC Docker engines, every port answering as a healthy tenant; {machine.Describe()}; service: {SupawatchService.Build}.
            Each run a fresh `supawatch serve` with a reconcile every {reconcileInterval.TotalSeconds:0} s (`DISCOVERY_INTERVAL`; health at its defaults), watched for
            {observation.TotalSeconds:0} s after its cold reconcile was counted, one scraper asking `/metrics` with gzip every {scrapeGap.TotalMilliseconds:0} ms. The baseline
            (the previous build's binary) and this build take turns against the same engines.

            {table}
            {ratios}Goal: warm reconcile under 500 ms; /metrics gzip p99 under 50 ms.
            {(missed.Count == 0 ? "All met." : "Missed: " + string.Join("; ", missed) + ".")} Load average when done: {MachineInfo.LoadNow()}.
            """;
        return new ScenarioReport(WarmReconcileScenario.Name, markdown, missed);
    }

    private static string Ratio(WarmReconcileRun[] mine, WarmReconcileRun[] baseline, Func<WarmReconcileRun, double> figure) =>
        (mine.Average(figure) / baseline.Average(figure)).ToString("0.00", CultureInfo.InvariantCulture);
}
