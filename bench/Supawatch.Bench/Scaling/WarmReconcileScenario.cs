using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Supawatch.Bench.Exporter;
using Supawatch.Bench.Measurement;
using Supawatch.Bench.Memory;
using Supawatch.Bench.Reconcile;
using Supawatch.Configuration;

namespace Supawatch.Bench.Scaling;

/// <summary>
/// <c>reconcile-10000</c> (issue 25): the two figures <c>memory-floor-10000</c> missed, focused. One SYNTHETIC fleet
/// (10,000 instances over 20 engines, every port answering as a healthy tenant) watched by <c>supawatch serve</c>
/// with a reconcile every <see cref="ReconcileInterval"/>, health at its defaults, <c>/metrics</c> (gzip) scraped
/// every <see cref="ScrapeGap"/> by one scraper. With <c>--baseline PATH</c> the previous build and this one take
/// turns (baseline, this, baseline, this...) in fresh processes against the same engines, so a loaded machine
/// loads both alike and the ratios are what count.
/// </summary>
internal sealed class WarmReconcileScenario(BenchArguments arguments, MachineInfo machine, TextWriter log)
{
    public const string Name = "reconcile-10000";

    private const string ReconcileCount = "supawatch_discovery_reconcile_duration_seconds_count";
    private const string ReconcileSum = "supawatch_discovery_reconcile_duration_seconds_sum";
    private const string GcPause = "dotnet_gc_pause_seconds_total";

    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ScrapeGap = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Observation = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan TargetsTimeout = TimeSpan.FromSeconds(120);

    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var hosts = arguments.HostCount;
        var perHost = Math.Max(1, arguments.ScaleInstances / hosts);
        var instances = perHost * hosts;
        var builds = new List<(string Label, string? Binary)>();
        if (arguments.Baseline is { } baseline)
        {
            builds.Add(("baseline", Path.GetFullPath(baseline)));
        }

        builds.Add(("this build", SupawatchService.NativeBinary));
        var directory = Directory.CreateTempSubdirectory("supawatch-bench-reconcile-");
        var engines = new List<SyntheticEngineProcess>();
        try
        {
            var dockerHosts = await SyntheticEngineProcess.StartFleetAsync(engines, directory.FullName, hosts, perHost, log, cancellationToken);
            await using var endpoints = FleetEndpoints.Start(instances, FleetEndpoints.Answer.Healthy);
            var runs = new List<WarmReconcileRun>();
            for (var turn = 0; turn < Math.Min(arguments.Repeat, 3); turn++)
            {
                foreach (var (label, binary) in builds)
                {
                    var run = await ObserveAsync(label, binary, dockerHosts, Path.Combine(directory.FullName, $"{turn}-{runs.Count}"), instances * ComponentSpec.All.Length, cancellationToken);
                    log.WriteLine($"{Name}: {label}: warm reconcile {Format.Ms(run.WarmReconcileMs)} ({run.Reconciles}), gzip p50 {Format.Ms(run.GzipP50Ms)} p99 {Format.Ms(run.GzipP99Ms)}, GC pause {Format.Ms(run.GcPauseSeconds * 1000)}, load {run.Load}");
                    runs.Add(run);
                }
            }

            return WarmReconcileReport.Create(machine, instances, hosts, ReconcileInterval, ScrapeGap, Observation, runs);
        }
        finally
        {
            foreach (var engine in engines)
            {
                await engine.DisposeAsync();
            }

            directory.Delete(recursive: true);
        }
    }

    private static async Task<WarmReconcileRun> ObserveAsync(string label, string? binary, string dockerHosts, string directory, int targets, CancellationToken cancellationToken)
    {
        var metricsPort = FreePort();
        var environment = SeedVariables.All.ToDictionary(v => v.Environment, string? (_) => null);
        environment["DOCKER_HOSTS"] = dockerHosts;
        environment["SUPAWATCH_DB_FROM_CONTAINER"] = "false";
        environment["DISCOVERY_INTERVAL"] = ReconcileInterval.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var previous = SupawatchService.NativeBinary;
        SupawatchService.NativeBinary = binary;
        var command = SupawatchService.Command("serve", "--data-dir", Path.Combine(directory, "data"), "--metrics-listen", $"127.0.0.1:{metricsPort}", "--status-listen", $"127.0.0.1:{FreePort()}");
        SupawatchService.NativeBinary = previous;
        await using var service = ChildProcess.Start(command, environment);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None }) { Timeout = TimeSpan.FromSeconds(60) };
        using var reader = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.GZip }) { Timeout = TimeSpan.FromSeconds(60) };
        var metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        await WaitForTargetsAsync(reader, new Uri($"http://127.0.0.1:{metricsPort}/sd"), service, targets, cancellationToken);
        // The cold reconcile (with its 30,000 inspects) is not warm: wait until it is counted.
        var first = await reader.GetStringAsync(metrics, cancellationToken);
        for (var attempt = 0; attempt < 2400 && !(Exposition.Sum(first, ReconcileCount) >= 1) && !service.HasExited; attempt++)
        {
            await Task.Delay(50, cancellationToken);
            first = await reader.GetStringAsync(metrics, cancellationToken);
        }

        var scrapes = new List<double>();
        var until = Stopwatch.GetTimestamp() + (long)(Observation.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until && !service.HasExited)
        {
            var tick = Stopwatch.GetTimestamp();
            using (var request = new HttpRequestMessage(HttpMethod.Get, metrics))
            {
                request.Headers.AcceptEncoding.ParseAdd("gzip");
                using var response = await http.SendAsync(request, cancellationToken);
                _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }

            scrapes.Add(Stopwatch.GetElapsedTime(tick).TotalMilliseconds);
            var rest = ScrapeGap - Stopwatch.GetElapsedTime(tick);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, cancellationToken);
            }
        }

        var last = await reader.GetStringAsync(metrics, cancellationToken);
        var reconciles = Exposition.Sum(last, ReconcileCount) - Exposition.Sum(first, ReconcileCount);
        var seconds = Exposition.Sum(last, ReconcileSum) - Exposition.Sum(first, ReconcileSum);
        return new WarmReconcileRun(
            label,
            (int)reconciles,
            reconciles > 0 ? seconds / reconciles * 1000 : double.NaN,
            Summary.Percentile(scrapes, 0.50),
            Summary.Percentile(scrapes, 0.99),
            scrapes.Count,
            last.Contains(GcPause, StringComparison.Ordinal) ? Exposition.Sum(last, GcPause) - Exposition.Sum(first, GcPause) : double.NaN,
            service.CpuSeconds(),
            MachineInfo.LoadNow());
    }

    private static async Task WaitForTargetsAsync(HttpClient http, Uri sd, ChildProcess service, int targets, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(TargetsTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && !service.HasExited)
        {
            try
            {
                await using var body = await http.GetStreamAsync(sd, cancellationToken);
                using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
                if (document.RootElement.GetArrayLength() >= targets)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Still starting.
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"{Name}: supawatch serve did not list {targets} targets within {TargetsTimeout.TotalSeconds:0} s; its output: {service.Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
