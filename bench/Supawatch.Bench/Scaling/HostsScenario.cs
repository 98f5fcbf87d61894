using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;
using Supawatch.Cli;
using Supawatch.Configuration;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Validation;

namespace Supawatch.Bench.Scaling;

/// <summary>
/// <c>hosts-10000</c>: the whole <c>supawatch serve</c> host, in this process, discovering a SYNTHETIC fleet of
/// 10,000 instances (30,000 containers) spread over 20 synthetic Docker engines, each a child process on its own unix
/// socket, named in <c>DOCKER_HOSTS</c>. Measures the first full discovery, cold and warm reconciles, <c>/metrics</c> and
/// <c>/sd</c> over HTTP on 127.0.0.1, memory, and a reconcile with one host gone. Every loop is bounded in count.
/// </summary>
internal sealed class HostsScenario(BenchArguments arguments, MachineInfo machine, TextWriter log)
{
    private const int Requests = 10;

    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("supawatch-bench-hosts-");
        var engines = new List<SyntheticEngineProcess>();
        try
        {
            var hosts = arguments.HostCount;
            var perHost = Math.Max(1, arguments.ScaleInstances / hosts);
            var total = perHost * hosts;
            var dockerHosts = await SyntheticEngineProcess.StartFleetAsync(engines, directory.FullName, hosts, perHost, log, cancellationToken);

            var metricsPort = FreePort();
            var statusPort = FreePort();
            var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>
            {
                ["DOCKER_HOSTS"] = dockerHosts,
                ["SUPAWATCH_DATA_DIR"] = Path.Combine(directory.FullName, "data"),
                ["SUPAWATCH_LOG_DIR"] = Path.Combine(directory.FullName, "logs"),
                ["SUPAWATCH_METRICS_LISTEN"] = $"127.0.0.1:{metricsPort}",
                ["SUPAWATCH_STATUS_LISTEN"] = $"127.0.0.1:{statusPort}",
                // One reconcile, one stats sweep and one health round at start; the bench drives the rest itself.
                ["DISCOVERY_INTERVAL"] = "1h",
                ["SUPAWATCH_STATS_INTERVAL"] = "1h",
                ["HEALTH_CHECK_INTERVAL"] = "1h",
                ["SUPAWATCH_DOCKER_TIMEOUT"] = "30",
            });
            var errors = ConfigurationValidator.Validate(configuration);
            if (errors.Count > 0)
            {
                throw new InvalidOperationException(string.Join("; ", errors));
            }

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}"), Timeout = TimeSpan.FromSeconds(60) };
            var app = ServeCommand.Build(configuration);
            var started = Stopwatch.GetTimestamp();
            await app.StartAsync(cancellationToken);
            try
            {
                await WaitAsync(async () => (await http.GetFromJsonAsync<JsonElement>("/api/v1/instances", cancellationToken)).GetProperty("instance_count").GetInt32() == total,
                    TimeSpan.FromMinutes(2), $"{total} instances on /api/v1/instances", cancellationToken);
                var firstDiscovery = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                log.WriteLine($"hosts-10000: {total} instances from {hosts} hosts in {Format.Ms(firstDiscovery)}");
                // Let the start-up stats sweep and health round finish before timing anything else.
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);

                var engine = app.Services.GetRequiredService<DiscoveryEngine>();
                var cold = new List<Run>();
                var warm = new List<Run>();
                for (var i = 0; i < arguments.Repeat; i++)
                {
                    var run = Run.Start();
                    await engine.ReconcileAsync("bench cold", distrust: true, cancellationToken);
                    cold.Add(run.Stop());
                    run = Run.Start();
                    await engine.ReconcileAsync("bench warm", distrust: false, cancellationToken);
                    warm.Add(run.Stop());
                }

                var metrics = await TimeGetsAsync(http, "/metrics", cancellationToken);
                var sd = await TimeGetsAsync(http, "/sd", cancellationToken);
                var sdKong = await TimeGetsAsync(http, "/sd?component=kong", cancellationToken);
                var api = await TimeGetsAsync(http, "/api/v1/instances", cancellationToken);

                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                using var process = Process.GetCurrentProcess();
                process.Refresh();
                var memory = new Memory(GC.GetGCMemoryInfo().HeapSizeBytes, process.WorkingSet64, process.PeakWorkingSet64);

                // One host goes away: the reconcile must still finish, keep its instances and mark only it down.
                await engines[0].DisposeAsync();
                engines.RemoveAt(0);
                var degraded = Run.Start();
                await engine.ReconcileAsync("bench host down", distrust: false, cancellationToken);
                var degradedRun = degraded.Stop();
                var snapshot = app.Services.GetRequiredService<InventoryStore>().Current;
                var down = snapshot.Sources.Count(s => s.Name == DiscoveryHealth.Docker && !s.Up);
                var stale = snapshot.Instances.Count(i => !i.HostUp);
                if (snapshot.Instances.Length != total || down != 1 || stale != perHost)
                {
                    throw new InvalidOperationException($"with host-00 gone: {snapshot.Instances.Length} instances, {down} hosts down, {stale} marked stale");
                }

                return new HostsReport(machine, hosts, perHost, firstDiscovery, cold, warm, metrics, sd, sdKong, api, memory, degradedRun, stale, MachineInfo.LoadNow())
                    .ToScenarioReport();
            }
            finally
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await app.StopAsync(stop.Token);
                await app.DisposeAsync();
            }
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

    private static async Task<Gets> TimeGetsAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        var runs = new List<double>(Requests);
        long bytes = 0;
        for (var i = 0; i < Requests; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            bytes = (await response.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
            runs.Add(watch.Elapsed.TotalMilliseconds);
        }

        return new Gets(path, runs, bytes);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {what}");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal sealed record Gets(string Path, IReadOnlyList<double> WallMs, long Bytes);

    internal sealed record Memory(long GcHeapBytes, long WorkingSetBytes, long PeakWorkingSetBytes);
}
