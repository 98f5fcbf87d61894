using System.Globalization;
using Supawatch.Bench.Measurement;

namespace Supawatch.Bench.Memory;

/// <summary>
/// The memory-floor section of docs/performance.md (1,000) or docs/scaling.md (10,000), and its goals; the section's
/// heading and the comparison with the previous build stay outside the bench's markers, written by hand.
/// </summary>
internal static class MemoryFloorReport
{
    public static ScenarioReport Create(MachineInfo machine, int instances, int hosts, int historyDays, TimeSpan observation, IReadOnlyList<MemoryFloorRun> runs)
    {
        var large = instances > 1000;
        var name = Name(instances, historyDays);
        var memoryGoal = large ? 400e6 : 120e6;
        var table = new MarkdownTable(
            "fleet", "start → every target in /sd", "**peak resident** (VmHWM)", "resident at end", "health rounds (mean)",
            "checks per round", "allocated in the last round", "CPU per 1,000 checks", "warm reconcile (mean)", "/metrics gzip p50 / p99", "status.json p50");
        foreach (var run in runs)
        {
            table.Row(
                run.Fleet,
                Format.Ms(run.TargetsMs),
                $"**{Format.MB(run.PeakResidentBytes)}**",
                Format.MB(run.ResidentAtEndBytes),
                $"{run.Rounds} ({Format.Seconds(run.RoundMeanSeconds)})",
                Format.Number(run.ChecksPerRound),
                run.Rounds > 0 ? Format.MB((long)run.RoundAllocatedBytes) : "–",
                run.ChecksRun > 0 ? Format.Ms(run.CpuSeconds * 1000 / run.ChecksRun * 1000) : "–",
                Format.Ms(run.WarmReconcileMs),
                $"{Format.Ms(run.MetricsGzipP50Ms)} / {Format.Ms(run.MetricsGzipP99Ms)} ({Format.MB(run.MetricsGzipBytes)})",
                Format.Ms(run.StatusJsonP50Ms));
        }

        var missed = new List<string>();
        foreach (var run in runs.Where(r => r.PeakResidentBytes >= memoryGoal))
        {
            missed.Add($"{name}: {run.Fleet} fleet peaked at {Format.MB(run.PeakResidentBytes)} (goal < {Format.MB((long)memoryGoal)})");
        }

        if (large)
        {
            missed.AddRange(runs.Where(r => r.TargetsMs >= 5000).Select(r => $"{name}: {r.Fleet}: every target in /sd after {Format.Ms(r.TargetsMs)} (goal < 5 s)"));
            missed.AddRange(runs.Where(r => r.MetricsGzipP99Ms >= 50).Select(r => $"{name}: {r.Fleet}: /metrics gzip p99 {Format.Ms(r.MetricsGzipP99Ms)} (goal < 50 ms)"));
            missed.AddRange(runs.Where(r => r.WarmReconcileMs >= 500).Select(r => $"{name}: {r.Fleet}: warm reconcile {Format.Ms(r.WarmReconcileMs)} (goal < 500 ms)"));
            missed.AddRange(runs.Where(r => r.Fleet == "healthy" && !(r.RoundMeanSeconds < 15)).Select(r => $"{name}: healthy round {Format.Seconds(r.RoundMeanSeconds)} (goal < 15 s)"));
        }

        var markdown = $"""
            `bash bench/run.sh {name}` — {instances.ToString("#,0", CultureInfo.InvariantCulture)} instances on {hosts} SYNTHETIC Docker engine{(hosts == 1 ? "" : "s")}; {machine.Describe()}; service: {SupawatchService.Build}.
            {(historyDays > 0 ? $"Each service starts on a history store seeded with {historyDays} days per instance (SYNTHETIC: mostly up, an outage on about one day in 30 with its incident, a degraded spell on one in 45; hourly buckets for the last 48 h)." : "The history store starts empty.")}
            One fresh `supawatch serve` per fleet at its defaults (30 s health interval, 5 s timeout, 128 checks at once),
            watched for {observation.TotalSeconds:0} s after every target was listed (longer, up to 200 s, until one health round finished), with `/metrics` (gzip) scraped every second and
            `status.json` every 10 s. The fleet's published ports on 127.0.0.1 answer as a healthy tenant does (Kong and Studio `200`,
            the database PostgreSQL's `N` to an SSLRequest), refuse (nothing listens: the tenants are gone), or accept and
            stay **silent** (a network outage: every check runs to its 5 s timeout). The tenant database collector is off
            (`SUPAWATCH_DB_FROM_CONTAINER=false`: these databases are not real; its cost is `tenantdb-100`'s).

            {table}
            Goal: peak resident memory under {Format.MB((long)memoryGoal)} on every fleet{(large ? "; every target in /sd under 5 s; warm reconcile under 500 ms; /metrics gzip p99 under 50 ms; a healthy round under 15 s" : "")}.
            {(missed.Count == 0 ? "All met." : "Missed: " + string.Join("; ", missed) + ".")} Load average when done: {MachineInfo.LoadNow()}.
            """;
        return new ScenarioReport(name, markdown, missed);
    }

    /// <summary>The scenario and doc section: <c>memory-floor-10000</c>, or <c>memory-floor-10000-history</c> on a seeded store.</summary>
    public static string Name(int instances, int historyDays) =>
        MemoryFloorScenario.Name + (instances > 1000 ? "-10000" : "-1000") + (historyDays > 0 ? "-history" : "");
}
