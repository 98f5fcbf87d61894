using System.Globalization;
using Supawatch.Bench.Measurement;

namespace Supawatch.Bench.Exporter;

/// <summary>The <c>metrics-1000</c> section of docs/performance.md, and the goals it met or missed.</summary>
internal sealed record MetricsReport(MachineInfo Machine, int Instances, ExporterLoad Supawatch, ExporterLoad Python, ServiceFacts Facts, string PeerVersion, string LoadAtEnd)
{
    public const double RatioGoal = 10;
    public const double P99GoalMs = 10;
    public const long MemoryGoalBytes = 150_000_000;

    public ScenarioReport ToScenarioReport()
    {
        var ratio = Supawatch.Plain.RequestsPerSecond / Python.Plain.RequestsPerSecond;
        var gzipRatio = Supawatch.Gzip.RequestsPerSecond / Python.Gzip.RequestsPerSecond;
        var missed = new List<string>();
        if (!(ratio >= RatioGoal))
        {
            missed.Add($"metrics-1000: Supawatch served {Format.Ratio(ratio)} the requests/s of Python prometheus_client (goal ≥ {RatioGoal:0}×)");
        }

        var p99Met = Supawatch.OnePlain.P99Ms < P99GoalMs && Supawatch.OneGzip.P99Ms < P99GoalMs;
        if (!p99Met)
        {
            missed.Add($"metrics-1000: Supawatch /metrics p99 one scraper at a time {Format.Ms(Supawatch.OnePlain.P99Ms)} plain, {Format.Ms(Supawatch.OneGzip.P99Ms)} gzip (goal < {P99GoalMs:0} ms)");
        }

        if (Supawatch.PeakResident >= MemoryGoalBytes)
        {
            missed.Add($"metrics-1000: supawatch serve peak resident {Format.MB(Supawatch.PeakResident)} (goal < {Format.MB(MemoryGoalBytes)})");
        }

        var instances = Format.Number(Instances);
        var containers = Format.Number(Instances * 3);
        var load = new MarkdownTable("Exporter, wrk run", "requests/s", "p50", "p99", "requests", "errors", "body per response", "server CPU per request")
            .Row(Supawatch, plain: true).Row(Python, plain: true).Row(Supawatch, plain: false).Row(Python, plain: false);
        var ratios = new MarkdownTable("Supawatch ÷ Python", "plain", "gzip", "goal", "met")
            .Row("**Requests/s**", Format.Ratio(ratio), Format.Ratio(gzipRatio), $"≥ {RatioGoal:0}× (plain)", Met(ratio >= RatioGoal))
            .Row("Supawatch p99, 16 connections (context)", Format.Ms(Supawatch.Plain.P99Ms), Format.Ms(Supawatch.Gzip.P99Ms), "–", "–")
            .Row("**Supawatch p99, one scraper**", Format.Ms(Supawatch.OnePlain.P99Ms), Format.Ms(Supawatch.OneGzip.P99Ms), $"< {P99GoalMs:0} ms (both)", Met(p99Met));
        var one = new MarkdownTable("One scraper at a time", "requests/s", "p50", "p90", "p99", "requests", "errors")
            .Row(Supawatch, Supawatch.OnePlain, "plain").Row(Python, Python.OnePlain, "plain")
            .Row(Supawatch, Supawatch.OneGzip, "gzip").Row(Python, Python.OneGzip, "gzip");
        var memory = new MarkdownTable("Memory after both runs (`/proc/PID/status`)", "VmRSS", "VmHWM (peak)", "goal", "met")
            .Row($"**`supawatch serve`**, {instances} instances", Format.MB(Supawatch.Resident), Format.MB(Supawatch.PeakResident), $"< {Format.MB(MemoryGoalBytes)} (peak)", Met(Supawatch.PeakResident < MemoryGoalBytes))
            .Row("Python peer (context)", Format.MB(Python.Resident), Format.MB(Python.PeakResident), "–", "–");

        var markdown = $"""
            ## `/metrics` under load at {instances} instances: Supawatch vs Python `prometheus_client` (SYNTHETIC Docker Engine)

            Measured {Machine.Date:yyyy-MM-dd HH:mm} UTC with `bash bench/run.sh metrics-1000` on {Machine.Describe()}; peer: {PeerVersion} (Debian packages).

            **Supawatch**: the shipped `supawatch serve`, build: {SupawatchService.Build} (workstation GC as shipped), with
            `--docker-host` on the synthetic engine of `reconcile-1000` — {instances} instances, {containers} running
            containers — which also answers one-shot `GET /containers/{"{id}"}/stats` (CPU counter growing with wall time,
            memory with page cache) and holds `/events` open and silent. The stats interval is the default 15 s, so
            sweeps of {containers} stats calls kept running during the load, as in production. Load began once `/metrics` carried all
            {instances} instances with CPU and memory ({Format.Ms(Facts.ReadyMs)} after process start: the second stats sweep).

            **Peer**: Python's `prometheus_client` (`bench/Supawatch.Bench/Exporter/prometheus_client_peer.py`, run by
            `/usr/bin/python3`), given the `/metrics` Supawatch had just served: every `supabase_*` family registered as a
            `Gauge`/`Counter` with the same name, help and label names in a `CollectorRegistry`, every sample set to the
            same value ({Format.Number(Supawatch.SupabaseSamples)} samples; the bench checks the peer serves exactly as many), served by its
            `start_http_server` on 127.0.0.1 (`PROMETHEUS_DISABLE_CREATED_SERIES=True`, so counters carry no extra `_created`).
            Supawatch's body is larger: it also has its own `supawatch_*`, `process_*` and `dotnet_*` series
            ({Format.Number(Supawatch.AllSamples)} samples in all, the peer {Format.Number(Python.AllSamples)}).

            One exporter at a time, Supawatch first (its engine stopped before the peer starts), each loaded with the same
            two commands, `wrk` from Debian on the same 2 cores:
            `{Wrk.CommandLine("http://127.0.0.1:PORT/metrics", gzip: false)}` and the same with `-H 'Accept-Encoding: gzip'`.
            `--timeout 30s` is added to the plain `wrk -t2 -c16 -d20s --latency` so that a slow response counts in the
            latency figures instead of being dropped as a timeout (wrk's default is 2 s). wrk's two threads share the
            2 cores with the server. Server CPU is the process's user+system time during the run (`/proc/PID/stat`),
            divided by the requests it answered; for Supawatch it includes its background renders and stats sweeps.

            {load}
            Then each exporter with one connection, as one Prometheus scrapes (an HA pair makes two):
            `{OneScraper.CommandLine("http://127.0.0.1:PORT/metrics", gzip: false)}`, and the same with gzip.

            {one}
            {ratios}
            {memory}
            Supawatch during the runs: background renders {Format.Number(Facts.Renders)} in its life, mean {Format.Ms(Facts.RenderMeanMs)}
            (its own `supawatch_metrics_render_duration_seconds`); stats sweeps {Facts.Sweeps}, mean {Format.Ms(Facts.SweepMeanMs)};
            stats calls answered by the engine while wrk ran: {Format.Number(Facts.StatsCallsDuringLoad)}; stats errors: {(double.IsNaN(Facts.StatsErrors) ? 0 : Facts.StatsErrors).ToString("0", CultureInfo.InvariantCulture)};
            instances still exported afterwards: {Format.Number(Facts.InstancesAfter)}; engine calls outside the served API: {Facts.NotServed}.

            **Goals:** requests/s ≥ {RatioGoal:0}× Python's — {Verdict(ratio >= RatioGoal)} ({Format.Ratio(ratio)} plain, {Format.Ratio(gzipRatio)} gzip);
            p99 < {P99GoalMs:0} ms, one scraper at a time — {Verdict(p99Met)} ({Format.Ms(Supawatch.OnePlain.P99Ms)} plain, {Format.Ms(Supawatch.OneGzip.P99Ms)} gzip;
            at 16 connections {Format.Ms(Supawatch.Plain.P99Ms)} plain, {Format.Ms(Supawatch.Gzip.P99Ms)} gzip, where latency is 16 ÷ throughput);
            memory < {Format.MB(MemoryGoalBytes)} — {Verdict(Supawatch.PeakResident < MemoryGoalBytes)} (peak resident {Format.MB(Supawatch.PeakResident)}, {Format.MB(Supawatch.Resident)} resident after the runs).
            Load average when done: {LoadAtEnd}.
            """;
        return new ScenarioReport(BenchArguments.Metrics, markdown, missed);
    }

    private static string Met(bool met) => met ? "yes" : "**no**";

    private static string Verdict(bool met) => met ? "met" : "**missed**";
}
