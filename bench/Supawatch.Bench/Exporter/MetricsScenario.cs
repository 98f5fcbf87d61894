using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;
using Supawatch.Configuration;

namespace Supawatch.Bench.Exporter;

/// <summary>
/// <c>metrics-1000</c>: the shipped <c>supawatch serve</c> against the synthetic engine (1,000 instances, 3,000
/// running containers with stats), loaded on <c>/metrics</c> by wrk; then Python's prometheus_client serving the
/// same <c>supabase_*</c> samples, loaded by the identical wrk commands. One exporter at a time, so neither
/// competes with the other for the 2 cores.
/// </summary>
internal sealed class MetricsScenario(BenchArguments arguments, MachineInfo machine, TextWriter log)
{
    public const string Python = "/usr/bin/python3";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"metrics-1000 needs {Python} with prometheus_client (apt-get install python3-prometheus-client)");
        }

        var directory = Directory.CreateTempSubdirectory("supawatch-bench-metrics-");
        try
        {
            return await MeasureAsync(directory.FullName, cancellationToken);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task<ScenarioReport> MeasureAsync(string directory, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var instances = arguments.Instances;
        ExporterLoad supawatch;
        ServiceFacts facts;
        string dump;
        await using (var engine = await SyntheticEngineProcess.StartAsync(Path.Combine(directory, "docker.sock"), instances, log, cancellationToken))
        {
            (supawatch, facts, dump) = await LoadSupawatchAsync(http, Path.Combine(directory, "docker.sock"), directory, instances, engine, cancellationToken);
        }

        var peerVersion = (await ExternalProcess.RunAsync(Python, ["-c", "import importlib.metadata as m, sys; print(f\"Python {sys.version.split()[0]}, prometheus_client {m.version('prometheus_client')}\")"],
            TimeSpan.FromSeconds(20), cancellationToken)).StandardOutput;
        var python = await LoadPythonAsync(http, directory, dump, supawatch.SupabaseSamples, cancellationToken);
        return new MetricsReport(machine, instances, supawatch, python, facts, peerVersion, MachineInfo.LoadNow()).ToScenarioReport();
    }

    private async Task<(ExporterLoad Load, ServiceFacts Facts, string Dump)> LoadSupawatchAsync(
        HttpClient http, string socket, string directory, int instances, SyntheticEngineProcess engine, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var environment = SeedVariables.All.ToDictionary(v => v.Environment, string? (_) => null);
        var started = Stopwatch.GetTimestamp();
        await using var service = ChildProcess.Start(SupawatchService.Command(
            "serve",
            "--docker-host", "unix://" + socket,
            "--data-dir", Path.Combine(directory, "service-data"),
            "--metrics-listen", $"127.0.0.1:{port}",
            "--status-listen", $"127.0.0.1:{FreePort()}",
            "--discovery-interval", "3600"), environment);
        var url = new Uri($"http://127.0.0.1:{port}/metrics");
        var dump = await WaitForFleetAsync(http, url, service, instances, cancellationToken);
        var readyMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        log.WriteLine($"metrics-1000: supawatch serve (pid {service.Id}) exports all {instances} instances with CPU and memory after {readyMs:0} ms");

        await engine.ResetAsync(cancellationToken);
        var load = await LoadAsync("Supawatch", service, http, url, Exposition.Samples(dump, "supabase_"), cancellationToken);
        var after = await http.GetStringAsync(url, cancellationToken);
        var counters = await engine.CountersAsync(cancellationToken);
        var facts = new ServiceFacts(
            readyMs,
            Exposition.Series(after, "supabase_instance_status"),
            Mean(after, "supawatch_metrics_render_duration_seconds") * 1000,
            Count(after, "supawatch_metrics_render_duration_seconds"),
            Mean(after, "supawatch_stats_sweep_duration_seconds") * 1000,
            Count(after, "supawatch_stats_sweep_duration_seconds"),
            counters.Stats,
            Exposition.Sum(after, "supawatch_stats_errors_total"),
            counters.NotServed.Count == 0 ? "none" : string.Join(", ", counters.NotServed.Select(p => $"{p.Key} ×{p.Value}")));
        return (load, facts, dump);
    }

    private async Task<ExporterLoad> LoadPythonAsync(HttpClient http, string directory, string dump, int expectedSamples, CancellationToken cancellationToken)
    {
        var dumpPath = Path.Combine(directory, "supawatch-metrics.txt");
        await File.WriteAllTextAsync(dumpPath, dump, cancellationToken);
        var port = FreePort();
        await using var peer = ChildProcess.Start(Python, [Path.Combine(AppContext.BaseDirectory, "Exporter", "prometheus_client_peer.py"), dumpPath, port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string?> { ["PROMETHEUS_DISABLE_CREATED_SERIES"] = "True" });
        var url = new Uri($"http://127.0.0.1:{port}/metrics");
        var deadline = Stopwatch.GetTimestamp() + (long)(ReadyTimeout.TotalSeconds * Stopwatch.Frequency);
        string? text = null;
        for (var attempt = 0; attempt < 1200 && text is null && Stopwatch.GetTimestamp() < deadline && !peer.HasExited; attempt++)
        {
            text = await TryGetAsync(http, url, cancellationToken);
            if (text is null)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        var samples = text is null ? -1 : Exposition.Samples(text, "supabase_");
        if (samples != expectedSamples)
        {
            throw new InvalidOperationException($"the Python peer served {samples} supabase_* samples, Supawatch {expectedSamples}; its output: {peer.Output}");
        }

        log.WriteLine($"metrics-1000: Python prometheus_client peer (pid {peer.Id}) serves the same {samples} supabase_* samples on {url}");
        return await LoadAsync("Python prometheus_client", peer, http, url, samples, cancellationToken);
    }

    private async Task<ExporterLoad> LoadAsync(string name, ChildProcess server, HttpClient http, Uri url, int supabaseSamples, CancellationToken cancellationToken)
    {
        var text = await http.GetByteArrayAsync(url, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        if (!response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            throw new InvalidOperationException($"{name} did not gzip /metrics when asked");
        }

        var gzip = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var all = Exposition.Samples(System.Text.Encoding.UTF8.GetString(text), "");

        var cpu0 = server.CpuSeconds();
        log.WriteLine($"metrics-1000: {name}: {Wrk.CommandLine(url.ToString(), gzip: false)} (load {MachineInfo.LoadNow()})");
        var plain = await Wrk.RunAsync(url, gzip: false, cancellationToken);
        var cpu1 = server.CpuSeconds();
        log.WriteLine($"metrics-1000: {name}: {plain.RequestsPerSecond:0.0} requests/s, p50 {Format.Ms(plain.P50Ms)}, p99 {Format.Ms(plain.P99Ms)}, errors {plain.Errors}; gzip run next (load {MachineInfo.LoadNow()})");
        var zipped = await Wrk.RunAsync(url, gzip: true, cancellationToken);
        var cpu2 = server.CpuSeconds();
        log.WriteLine($"metrics-1000: {name} gzip: {zipped.RequestsPerSecond:0.0} requests/s, p50 {Format.Ms(zipped.P50Ms)}, p99 {Format.Ms(zipped.P99Ms)}, errors {zipped.Errors}");
        var onePlain = await Wrk.RunAsync(url, gzip: false, OneScraper.Connections, OneScraper.DurationSeconds, Wrk.TimeoutSeconds, cancellationToken);
        var oneGzip = await Wrk.RunAsync(url, gzip: true, OneScraper.Connections, OneScraper.DurationSeconds, Wrk.TimeoutSeconds, cancellationToken);
        log.WriteLine($"metrics-1000: {name} one scraper: p99 plain {Format.Ms(onePlain.P99Ms)}, gzip {Format.Ms(oneGzip.P99Ms)}");
        var (resident, peak) = server.Memory();
        return new ExporterLoad(name, plain, zipped, onePlain, oneGzip, text.Length, gzip.Length, supabaseSamples, all, cpu1 - cpu0, cpu2 - cpu1, resident, peak);
    }

    /// <summary>Polls until every instance is exported with CPU and memory: the stats sweep has run twice.</summary>
    private static async Task<string> WaitForFleetAsync(HttpClient http, Uri url, ChildProcess service, int instances, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(ReadyTimeout.TotalSeconds * Stopwatch.Frequency);
        var last = "nothing yet";
        for (var attempt = 0; attempt < 1200 && Stopwatch.GetTimestamp() < deadline && !service.HasExited; attempt++)
        {
            if (await TryGetAsync(http, url, cancellationToken) is { } text)
            {
                var status = Exposition.Series(text, "supabase_instance_status");
                var cpu = Exposition.Series(text, "supabase_instance_cpu_usage_percent");
                var memory = Exposition.Series(text, "supabase_docker_container_memory_usage_bytes");
                if (status == instances && cpu == instances && memory == instances * ComponentSpec.All.Length)
                {
                    return text;
                }

                last = $"{status} instances, {cpu} with CPU, {memory} containers with memory";
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"supawatch serve did not export {instances} instances with CPU and memory within {ReadyTimeout.TotalSeconds:0} s (last: {last}); its output: {service.Output}");
    }

    private static async Task<string?> TryGetAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static double Mean(string text, string histogram) =>
        Exposition.Sum(text, histogram + "_sum") / Exposition.Sum(text, histogram + "_count");

    private static int Count(string text, string histogram) => (int)Exposition.Sum(text, histogram + "_count");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
