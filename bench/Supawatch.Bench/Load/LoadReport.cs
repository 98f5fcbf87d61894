using System.Globalization;
using Supawatch.Bench.Measurement;

namespace Supawatch.Bench.Load;

/// <summary>The <c>load-1000</c> section of docs/reliability.md, and what of the issue's load goals held.</summary>
internal sealed record LoadReport(
    MachineInfo Machine,
    int Instances,
    int DurationSeconds,
    double ReadyMs,
    IReadOnlyList<LoadRun> Runs,
    IReadOnlyList<MemorySample> Memory,
    double SecondPassAtSeconds,
    long PeakResident,
    ServiceCounters Before,
    ServiceCounters After,
    double LoadSeconds,
    int InstancesAfter,
    string LoadAtEnd)
{
    /// <summary>"Flat": the second pass's samples are, at their median, within this of the first pass's.</summary>
    public const double FlatTolerance = 0.10;

    public ScenarioReport ToScenarioReport()
    {
        var missed = new List<string>();
        var errors = Runs.Sum(r => r.Result.Errors);
        if (errors > 0)
        {
            missed.Add($"load-1000: {errors} errors under load ({string.Join("; ", Runs.Where(r => r.Result.Errors > 0).Select(r => $"{r.Endpoint.Path} {r.Endpoint.Encoding} -c{r.Connections}: {r.Result.ErrorDetail}"))})");
        }

        var early = Median(Memory.Where(s => s.Seconds < SecondPassAtSeconds));
        var late = Median(Memory.Where(s => s.Seconds >= SecondPassAtSeconds));
        var growth = early > 0 ? (late - early) / early : double.NaN;
        var flat = growth <= FlatTolerance;
        if (!flat)
        {
            missed.Add($"load-1000: resident memory grew {Percent(growth)} from the first pass to the identical second (medians {Format.MB((long)early)} → {Format.MB((long)late)}; flat means within {Percent(FlatTolerance)})");
        }

        var rounds = After.HealthRounds - Before.HealthRounds;
        var expectedRounds = Math.Floor(LoadSeconds / LoadScenario.HealthIntervalSeconds);
        var meanRound = rounds > 0 ? (After.HealthRoundSeconds - Before.HealthRoundSeconds) / rounds : double.NaN;
        var roundAge = After.AgeOf(After.LastRound);
        var roundsKept = rounds >= expectedRounds - 1 && roundAge <= LoadScenario.HealthIntervalSeconds + meanRound + 5;
        if (!roundsKept)
        {
            missed.Add($"load-1000: {rounds} health rounds in {Format.Seconds(LoadSeconds)} of load (expected about {expectedRounds}), last one {Format.Seconds(roundAge)} old");
        }

        var reconciles = After.Reconciles - Before.Reconciles;
        var expectedReconciles = Math.Floor(LoadSeconds / LoadScenario.DiscoveryIntervalSeconds);
        var meanReconcile = reconciles > 0 ? (After.ReconcileSeconds - Before.ReconcileSeconds) / reconciles : double.NaN;
        var dockerAge = After.AgeOf(After.DockerLastSuccess);
        var reconcilesKept = reconciles >= expectedReconciles - 1 && dockerAge <= LoadScenario.DiscoveryIntervalSeconds + meanReconcile + 5;
        if (!reconcilesKept)
        {
            missed.Add($"load-1000: {reconciles} discovery reconciles in {Format.Seconds(LoadSeconds)} of load (expected about {expectedReconciles}), Docker's last success {Format.Seconds(dockerAge)} old");
        }

        if (InstancesAfter != Instances)
        {
            missed.Add($"load-1000: {InstancesAfter} instances exported after the load, not {Instances}");
        }

        var runs = new MarkdownTable("pass", "endpoint", "encoding", "connections", "requests", "requests/s", "p50", "p99", "errors", "body", "resident after");
        foreach (var run in Runs)
        {
            runs.Row(
                run.Pass.ToString(CultureInfo.InvariantCulture),
                $"`{run.Endpoint.Path}`",
                run.Endpoint.Encoding,
                run.Connections.ToString(CultureInfo.InvariantCulture),
                Format.Number(run.Result.Requests),
                Format.Number(run.Result.RequestsPerSecond),
                Format.Ms(run.Result.P50Ms),
                Format.Ms(run.Result.P99Ms),
                run.Result.Errors == 0 ? "0" : $"**{run.Result.Errors}** ({run.Result.ErrorDetail})",
                run.Result.Requests > 0 ? Format.MB((long)(run.Result.BytesRead / run.Result.Requests)) : "–",
                Format.MB(run.ResidentAfter));
        }

        var memory = new MarkdownTable("resident memory of `supawatch serve` (VmRSS, every 1 s)", "value")
            .Row("samples", Memory.Count.ToString(CultureInfo.InvariantCulture))
            .Row("when the load began", Memory.Count > 0 ? Format.MB(Memory[0].Resident) : "–")
            .Row("min / max during the load", Memory.Count > 0 ? $"{Format.MB(Memory.Min(s => s.Resident))} / {Format.MB(Memory.Max(s => s.Resident))}" : "–")
            .Row("median of pass 1 → of pass 2", $"{Format.MB((long)early)} → {Format.MB((long)late)} ({Percent(growth)})")
            .Row("**flat** (pass 2 within 10 % of pass 1)", Met(flat))
            .Row("peak (VmHWM) over the process's life, start-up included", Format.MB(PeakResident));

        var schedule = new MarkdownTable("schedule during the load", "done", "expected", "mean duration", "age of the last one at the end", "kept")
            .Row($"health rounds (`HEALTH_CHECK_INTERVAL` = {LoadScenario.HealthIntervalSeconds} s)", Format.Number(rounds), $"≈ {expectedRounds}", Format.Ms(meanRound * 1000), Format.Seconds(roundAge), Met(roundsKept))
            .Row($"discovery reconciles (`DISCOVERY_INTERVAL` = {LoadScenario.DiscoveryIntervalSeconds} s)", Format.Number(reconciles), $"≈ {expectedReconciles}", Format.Ms(meanReconcile * 1000), Format.Seconds(dockerAge), Met(reconcilesKept));

        var trace = string.Join(", ", Memory.Where((_, i) => i % 15 == 0).Select(s => $"{s.Seconds:0} s {s.Resident / 1e6:0}"));
        var markdown = $"""
            ### Load at 1,000 instances: `/metrics`, `/sd`, `status.json` under wrk (SYNTHETIC Docker Engine)

            Measured {Machine.Date:yyyy-MM-dd HH:mm} UTC with `bash bench/run.sh load-1000` on {Machine.Describe()}; the service's build: {SupawatchService.Build}.

            The shipped `supawatch serve` (the `supawatch` binary built from `src/`) against the synthetic engine of
            `reconcile-1000` ({Format.Number(Instances)} instances, {Format.Number(Instances * 3)} running containers with stats; their Kong, Studio
            and DB ports on 127.0.0.1 refuse connections, so every health check fails fast), with
            `HEALTH_CHECK_INTERVAL={LoadScenario.HealthIntervalSeconds}` and `--discovery-interval {LoadScenario.DiscoveryIntervalSeconds}` so the load spans several rounds and reconciles.
            Ready ({Format.Number(Instances)} instances on `/metrics`, one health round done) {Format.Seconds(ReadyMs / 1000)} after start. Then, one at a time,
            at 4 and then 16 connections: `wrk -t2 -cN -d{DurationSeconds}s --timeout {LoadScenario.WrkTimeoutSeconds}s --latency URL` on `/metrics` (plain, then with
            `-H 'Accept-Encoding: gzip'` as Prometheus sends), `/sd` and `/status/api/status.json`; then the same again — {Runs.Count} runs in {LoadScenario.Passes} identical passes,
            {Format.Seconds(LoadSeconds)} of load in all. wrk shares the 2 cores with the service and the engine.
            Errors are wrk's socket errors (connect, read, write, timeout after {LoadScenario.WrkTimeoutSeconds} s) plus non-2xx answers.

            {runs}
            {memory}
            Resident memory through the load (seconds, MB, every 15th sample): {trace}.

            {schedule}
            "Kept": at least the expected count less one, and the last one no older than the interval plus its mean
            duration plus 5 s when the load ended. Instances still exported afterwards: {Format.Number(InstancesAfter)}.

            **Result:** errors — {(errors == 0 ? "none" : $"**{errors}**")}; memory flat — {Met(flat).Replace("**", "", StringComparison.Ordinal)};
            health rounds on schedule — {Met(roundsKept).Replace("**", "", StringComparison.Ordinal)}; reconciles on schedule — {Met(reconcilesKept).Replace("**", "", StringComparison.Ordinal)}.
            Load average when done: {LoadAtEnd}.
            """;
        return new ScenarioReport("load-1000", markdown, missed);
    }

    private static double Median(IEnumerable<MemorySample> samples)
    {
        var sorted = samples.Select(s => (double)s.Resident).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }

    private static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "–" : (fraction >= 0 ? "+" : "") + (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Met(bool met) => met ? "yes" : "**no**";
}
