using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Supawatch.Bench.Exporter;
using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;
using Supawatch.Configuration;

namespace Supawatch.Bench.Load;

/// <summary>
/// <c>load-1000</c> (issue 8, load): the shipped <c>supawatch serve</c> with 1,000 synthetic instances, loaded by wrk
/// in turn on <c>/metrics</c> (plain and gzip, as Prometheus asks), <c>/sd</c> and <c>/status/api/status.json</c>,
/// at 4 and then 16 connections, each run bounded in time. Its resident memory is read every second for the whole
/// load, and its own counters before and after show whether health rounds and discovery reconciles kept their
/// schedule while it was loaded.
/// </summary>
internal sealed class LoadScenario(BenchArguments arguments, MachineInfo machine, TextWriter log)
{
    /// <summary>Short enough that a few minutes of load span several rounds and reconciles.</summary>
    public const int HealthIntervalSeconds = 15;
    public const int DiscoveryIntervalSeconds = 15;
    public const int WrkTimeoutSeconds = 10;
    public static readonly int[] ConnectionLevels = [4, 16];

    /// <summary>
    /// The same eight runs twice: memory is judged pass against pass, since a leak grows from one identical pass to
    /// the next while the level a workload needs does not (status.json at 16 connections needs more than /sd at 4).
    /// </summary>
    public const int Passes = 2;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(150);

    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("supawatch-bench-load-");
        try
        {
            var socket = Path.Combine(directory.FullName, "docker.sock");
            await using var engine = await SyntheticEngineProcess.StartAsync(socket, arguments.Instances, log, cancellationToken);
            return await MeasureAsync(socket, directory.FullName, cancellationToken);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task<ScenarioReport> MeasureAsync(string socket, string directory, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var metricsPort = FreePort();
        var statusPort = FreePort();
        var environment = SeedVariables.All.ToDictionary(v => v.Environment, string? (_) => null);
        environment["HEALTH_CHECK_INTERVAL"] = HealthIntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["SUPAWATCH_LOG_DIR"] = Path.Combine(directory, "logs");
        var started = Stopwatch.GetTimestamp();
        await using var service = ChildProcess.Start(SupawatchService.Command(
            "serve",
            "--docker-host", "unix://" + socket,
            "--data-dir", Path.Combine(directory, "service-data"),
            "--metrics-listen", $"127.0.0.1:{metricsPort}",
            "--status-listen", $"127.0.0.1:{statusPort}",
            "--discovery-interval", DiscoveryIntervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)), environment);

        var metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        var endpoints = new LoadEndpoint[]
        {
            new("/metrics", "plain", metrics, Gzip: false),
            new("/metrics", "gzip", metrics, Gzip: true),
            new("/sd", "plain", new Uri($"http://127.0.0.1:{metricsPort}/sd"), Gzip: false),
            new("/status/api/status.json", "plain", new Uri($"http://127.0.0.1:{statusPort}/status/api/status.json"), Gzip: false),
        };
        await WaitForFleetAsync(http, metrics, endpoints[3].Url, service, arguments.Instances, cancellationToken);
        var readyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        log.WriteLine($"load-1000: supawatch serve (pid {service.Id}) has all {arguments.Instances} instances in /metrics and a health round done after {readyMs:0} ms");

        var before = await ServiceCounters.ReadAsync(http, metrics, cancellationToken);
        var loadStarted = Stopwatch.GetTimestamp();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = MemorySampler.RunAsync(service, sampling.Token);
        var runs = new List<LoadRun>();
        var secondPassAt = 0.0;
        for (var pass = 1; pass <= Passes; pass++)
        {
            if (pass == 2)
            {
                secondPassAt = Stopwatch.GetElapsedTime(loadStarted).TotalSeconds;
            }

            foreach (var connections in ConnectionLevels)
            {
                foreach (var endpoint in endpoints)
                {
                    if (service.HasExited)
                    {
                        throw new InvalidOperationException($"supawatch serve exited during the load; its output: {service.Output}");
                    }

                    log.WriteLine($"load-1000: pass {pass}: {Wrk.CommandLine(endpoint.Url.ToString(), endpoint.Gzip, connections, arguments.Duration, WrkTimeoutSeconds)} (load {MachineInfo.LoadNow()})");
                    var result = await Wrk.RunAsync(endpoint.Url, endpoint.Gzip, connections, arguments.Duration, WrkTimeoutSeconds, cancellationToken);
                    var (resident, _) = service.Memory();
                    runs.Add(new LoadRun(pass, endpoint, connections, result, resident));
                    log.WriteLine($"load-1000: {result.RequestsPerSecond:0.0} requests/s, p50 {Format.Ms(result.P50Ms)}, p99 {Format.Ms(result.P99Ms)}, errors {result.Errors} ({result.ErrorDetail}), resident {Format.MB(resident)}");
                }
            }
        }

        var loadSeconds = Stopwatch.GetElapsedTime(loadStarted).TotalSeconds;
        var after = await ServiceCounters.ReadAsync(http, metrics, cancellationToken);
        await sampling.CancelAsync();
        var samples = await sampler;
        var (_, peak) = service.Memory();
        var instancesAfter = Exposition.Series(await http.GetStringAsync(metrics, cancellationToken), "supabase_instance_status");
        return new LoadReport(machine, arguments.Instances, arguments.Duration, readyMs, runs, samples, secondPassAt, peak, before, after, loadSeconds, instancesAfter, MachineInfo.LoadNow())
            .ToScenarioReport();
    }

    /// <summary>Ready for load: every instance on <c>/metrics</c> and one health round in status.json.</summary>
    private static async Task WaitForFleetAsync(HttpClient http, Uri metrics, Uri status, ChildProcess service, int instances, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(ReadyTimeout.TotalSeconds * Stopwatch.Frequency);
        var last = "nothing yet";
        for (var attempt = 0; attempt < 1200 && Stopwatch.GetTimestamp() < deadline && !service.HasExited; attempt++)
        {
            try
            {
                var text = await http.GetStringAsync(metrics, cancellationToken);
                var exported = Exposition.Series(text, "supabase_instance_status");
                var rounds = Exposition.Sum(text, "supawatch_health_round_duration_seconds_count");
                if (exported == instances && rounds >= 1)
                {
                    using var response = await http.GetAsync(status, cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }

                last = $"{exported} instances, {rounds} health rounds";
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(500, cancellationToken);
        }

        throw new TimeoutException($"supawatch serve was not ready with {instances} instances within {ReadyTimeout.TotalSeconds:0} s (last: {last}); its output: {service.Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
