using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Supawatch.Bench.Exporter;
using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;
using Supawatch.Configuration;

namespace Supawatch.Bench.Memory;

/// <summary>
/// <c>memory-floor-1000</c> and <c>memory-floor-10000</c> (issue 25): the shipped <c>supawatch serve</c> watching a
/// SYNTHETIC fleet (1,000 instances on one engine; 10,000 over <c>--hosts</c> engines, 20 by default) whose published ports answer
/// its checks, three times in fresh processes: every check passing, every port refusing (a host whose tenants are
/// gone) and every port silent (a network outage: each check runs to its timeout). For each: process start → every
/// target in <c>/sd</c>, then an observation (75 s, longer until one health round finished, at most 200 s) with a Prometheus-like scraper (<c>/metrics</c> gzip every second) and
/// <c>status.json</c> every 10 s, at the shipped defaults (30 s health interval, 5 s timeout, 128 at once). Peak
/// resident memory (VmHWM) is the goal's figure. The tenant database collector is off (no logins from containers):
/// its cost is <c>tenantdb-100</c>'s, and these databases are not real. With <c>historyDays</c> above 0, each service starts
/// on a copy of one history store seeded with that many days per instance (<see cref="HistorySeed"/>); otherwise on none.
/// </summary>
internal sealed class MemoryFloorScenario(int instances, int hosts, int historyDays, MachineInfo machine, TextWriter log)
{
    public const string Name = "memory-floor";

    private const string ReconcileCount = "supawatch_discovery_reconcile_duration_seconds_count";
    private const string ReconcileSum = "supawatch_discovery_reconcile_duration_seconds_sum";

    private static readonly TimeSpan Observation = TimeSpan.FromSeconds(75);
    private static readonly TimeSpan LongestObservation = TimeSpan.FromSeconds(200);
    private static readonly TimeSpan TargetsTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var perHost = Math.Max(1, instances / hosts);
        instances = perHost * hosts;
        var directory = Directory.CreateTempSubdirectory("supawatch-bench-memory-");
        var engines = new List<SyntheticEngineProcess>();
        try
        {
            var dockerHosts = await SyntheticEngineProcess.StartFleetAsync(engines, directory.FullName, hosts, perHost, log, cancellationToken);
            var seeded = historyDays > 0 ? SeedHistory(directory.FullName) : null;
            var runs = new List<MemoryFloorRun>();
            foreach (var fleet in new[] { "healthy", "refusing", "silent" })
            {
                await using var endpoints = fleet switch
                {
                    "healthy" => FleetEndpoints.Start(instances, FleetEndpoints.Answer.Healthy),
                    "silent" => FleetEndpoints.Start(instances, FleetEndpoints.Answer.Never),
                    _ => null,
                };
                if (seeded is not null)
                {
                    Directory.CreateDirectory(Path.Combine(directory.FullName, fleet, "data"));
                    File.Copy(seeded, Path.Combine(directory.FullName, fleet, "data", "history.db"));
                }

                runs.Add(await ObserveAsync(fleet, dockerHosts, Path.Combine(directory.FullName, fleet), instances * ComponentSpec.All.Length, cancellationToken));
                log.WriteLine($"{Name}: {fleet}: peak {Format.MB(runs[^1].PeakResidentBytes)}, {runs[^1].Rounds} rounds, endpoints served {endpoints?.Connections ?? 0} connections");
            }

            return MemoryFloorReport.Create(machine, instances, hosts, historyDays, Observation, runs);
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

    private string SeedHistory(string directory)
    {
        var path = Path.Combine(directory, "history-seed.db");
        var seeding = Stopwatch.StartNew();
        HistorySeed.Write(path, instances, historyDays, DateTimeOffset.UtcNow, SyntheticFleet.InstanceId, _ => null);
        log.WriteLine($"{Name}: seeded {instances:N0} instances × {historyDays} days of history in {seeding.Elapsed.TotalSeconds:0.0} s ({new FileInfo(path).Length / 1e6:0.0} MB)");
        return path;
    }

    private async Task<MemoryFloorRun> ObserveAsync(string fleet, string dockerHosts, string directory, int targets, CancellationToken cancellationToken)
    {
        var metricsPort = FreePort();
        var statusPort = FreePort();
        var environment = SeedVariables.All.ToDictionary(v => v.Environment, string? (_) => null);
        environment["DOCKER_HOSTS"] = dockerHosts;
        environment["SUPAWATCH_DB_FROM_CONTAINER"] = "false";
        var started = Stopwatch.GetTimestamp();
        await using var service = ChildProcess.Start(SupawatchService.Command(
            "serve",
            "--data-dir", Path.Combine(directory, "data"),
            "--metrics-listen", $"127.0.0.1:{metricsPort}",
            "--status-listen", $"127.0.0.1:{statusPort}"), environment);
        // `http` times the gzip bytes as Prometheus fetches them; `reader` reads documents as a browser or Prometheus does
        // (gzip asked for, inflated here), so the bench's own reads never make the service inflate 45 MB at 10,000.
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None }) { Timeout = RequestTimeout };
        using var reader = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.GZip }) { Timeout = RequestTimeout };
        var metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        if (!await WaitForTargetsAsync(reader, new Uri($"http://127.0.0.1:{metricsPort}/sd"), service, targets, cancellationToken))
        {
            throw new TimeoutException($"{Name}: supawatch serve did not list {targets} targets within {TargetsTimeout.TotalSeconds:0} s; its output: {service.Output}");
        }

        var targetsMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        log.WriteLine($"{Name}: {fleet}: supawatch serve (pid {service.Id}) lists {targets} targets after {targetsMs:0} ms");
        var cpuBefore = service.CpuSeconds();
        // The targets now come from the container list before the cold reconcile's inspects end (issue 25, targets
        // first): wait for that reconcile to be counted, so "warm" holds only the reconciles after it.
        var first = await reader.GetStringAsync(metrics, cancellationToken);
        for (var attempt = 0; attempt < 2400 && Exposition.Sum(first, ReconcileCount) < 1 && !service.HasExited; attempt++)
        {
            await Task.Delay(25, cancellationToken);
            first = await reader.GetStringAsync(metrics, cancellationToken);
        }

        var (reconcilesBefore, reconcileSecondsBefore) = (Exposition.Sum(first, ReconcileCount), Exposition.Sum(first, ReconcileSum));
        var scrapes = new List<double>();
        var statuses = new List<double>();
        long gzipBytes = 0;
        var status = new Uri($"http://127.0.0.1:{statusPort}/status/api/status.json");
        for (var second = 0; !service.HasExited && second < (int)LongestObservation.TotalSeconds; second++)
        {
            // A silent fleet's round runs every check to its timeout: watch until at least one round finished.
            if (second >= (int)Observation.TotalSeconds && second % 5 == 0
                && Exposition.Sum(await reader.GetStringAsync(metrics, cancellationToken), "supawatch_health_round_duration_seconds_count") >= 1)
            {
                break;
            }

            var tick = Stopwatch.GetTimestamp();
            var watch = Stopwatch.StartNew();
            using (var request = new HttpRequestMessage(HttpMethod.Get, metrics))
            {
                request.Headers.AcceptEncoding.ParseAdd("gzip");
                using var response = await http.SendAsync(request, cancellationToken);
                gzipBytes = (await response.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
            }

            scrapes.Add(watch.Elapsed.TotalMilliseconds);
            if (second % 10 == 5)
            {
                watch.Restart();
                _ = await reader.GetByteArrayAsync(status, cancellationToken);
                statuses.Add(watch.Elapsed.TotalMilliseconds);
            }

            var rest = TimeSpan.FromSeconds(1) - Stopwatch.GetElapsedTime(tick);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, cancellationToken);
            }
        }

        var cpu = service.CpuSeconds() - cpuBefore;
        var text = await reader.GetStringAsync(metrics, cancellationToken);
        var (resident, peak) = service.Memory();
        var rounds = (int)Exposition.Sum(text, "supawatch_health_round_duration_seconds_count");
        var roundSeconds = Exposition.Sum(text, "supawatch_health_round_duration_seconds_sum");
        var checks = Exposition.Sum(text, "supawatch_health_round_checks");
        // Warm: the reconciles after every target was listed (the cold one, with its inspects, came before).
        var reconciles = Exposition.Sum(text, ReconcileCount) - reconcilesBefore;
        var reconcileSeconds = Exposition.Sum(text, ReconcileSum) - reconcileSecondsBefore;
        return new MemoryFloorRun(
            fleet,
            targetsMs,
            peak,
            resident,
            rounds,
            rounds == 0 ? double.NaN : roundSeconds / rounds,
            checks,
            cpu,
            checks * rounds,
            Exposition.Sum(text, "supawatch_health_round_allocated_bytes"),
            Summary.Percentile(scrapes, 0.50),
            Summary.Percentile(scrapes, 0.99),
            gzipBytes,
            Summary.Percentile(statuses, 0.50),
            reconciles == 0 ? double.NaN : reconcileSeconds / reconciles * 1000);
    }

    private static async Task<bool> WaitForTargetsAsync(HttpClient http, Uri sd, ChildProcess service, int targets, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(TargetsTimeout.TotalSeconds * Stopwatch.Frequency);
        for (var attempt = 0; attempt < 4800 && Stopwatch.GetTimestamp() < deadline && !service.HasExited; attempt++)
        {
            try
            {
                await using var body = await http.GetStreamAsync(sd, cancellationToken);
                using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
                if (document.RootElement.GetArrayLength() >= targets)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Still starting.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Still starting: a cold start at 10,000 instances on a loaded machine can answer slower than the request timeout.
            }

            await Task.Delay(25, cancellationToken);
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
