using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Supawatch.Bench.Measurement;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Metrics;

namespace Supawatch.Bench.TenantDb;

/// <summary>
/// tenantdb-100: a sweep of 100 real PostgreSQL 15 servers (host processes started with pg_ctl, tiny shared_buffers:
/// 100 containers do not fit a 2-core machine) by the tenant database collector, in this process — wall time, the
/// connections it holds on each server, the memory it adds — and, in the same run, the alternative: one Debian
/// prometheus-postgres-exporter 0.11.1 per database, each scraped once per interval, their total memory and CPU.
/// </summary>
internal sealed class TenantDbScenario(MachineInfo machine, TextWriter log)
{
    public const string Name = "tenantdb-100";
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private const int Servers = 100;
    private const int WarmSweeps = 5;
    private const int ExporterRounds = 3;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("supawatch-tenantdb-").FullName;
        var ports = new int[Servers];
        var exporters = new List<Process>();
        var exporterErrors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        try
        {
            await Run("chown", ["postgres", work], cancellationToken);
            var template = Path.Combine(work, "template");
            await Run("runuser", ["-u", "postgres", "--", $"{Bin}/initdb", "-D", template, "-U", "postgres", "-A", "trust", "--wal-segsize=1"], cancellationToken);
            log.WriteLine($"{Name}: starting {Servers} PostgreSQL servers");
            // 100 distinct ports: a port asked for one at a time can come back twice, and two tenants on one server showed as
            // two monitor connections on it (the "second backend" of the first runs).
            FreePorts(Servers).CopyTo(ports, 0);
            for (var i = 0; i < Servers; i++)
            {
                await Run("runuser", ["-u", "postgres", "--", "cp", "-a", template, Path.Combine(work, $"db{i}")], cancellationToken);
            }

            // Started without waiting (-W), all at once: a loaded machine starts 100 servers in parallel far sooner than in turn.
            await Parallel.ForAsync(0, Servers, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var dir = Path.Combine(work, $"db{i}");
                await Run("runuser", ["-u", "postgres", "--", $"{Bin}/pg_ctl", "-W", "-D", dir, "-l", Path.Combine(dir, "log"), "-o",
                    $"-p {ports[i]} -c listen_addresses=127.0.0.1 -k {dir} -c fsync=off -c shared_buffers=1MB -c max_connections=20 -c autovacuum=off", "start"], ct);
            });

            for (var i = 0; i < Servers; i++)
            {
                await WaitReadyAsync(ports[i], cancellationToken);
                // Each port must be its own server: one whose port was taken meanwhile would leave two tenants on another's.
                var dataDirectory = await TextAsync(ports[i], "SELECT current_setting('data_directory')", cancellationToken);
                if (dataDirectory != Path.Combine(work, $"db{i}"))
                {
                    throw new InvalidOperationException($"127.0.0.1:{ports[i]} is served from {dataDirectory}, not db{i}: its server did not start (see {Path.Combine(work, $"db{i}", "log")})");
                }
            }

            // Supawatch: the collector as serve runs it, over an inventory of 100 tenants whose _db publishes each port.
            var inventory = new InventoryStore();
            inventory.Publish(InventoryBuilder.Build(
                ports.Select((port, i) => new ContainerInfo
                {
                    Id = $"bench-db-{i}", Name = $"tb{i}_app_db", InstanceId = $"tb{i}_app", Component = "db", State = ContainerState.Running,
                    Ports = [new PublishedPort(5432, "127.0.0.1", port, "tcp")],
                }), null, [], [], 1, DateTimeOffset.UtcNow, true));
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var self = Process.GetCurrentProcess();
            self.Refresh();
            var rssBefore = self.WorkingSet64;
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var options = new TenantDbOptions { FromContainer = false, User = "postgres", Interval = Interval };
            using var collector = new TenantDbCollector(inventory, options, new DiscoveryOptions(), new TenantDbLogins(options, new DiscoveryOptions(), null),
                new ExporterSelfMetrics(Prometheus.Metrics.NewCustomRegistry()), new RenderSignal(), TimeProvider.System, NullLogger<TenantDbCollector>.Instance);

            var cold = Stopwatch.StartNew();
            await collector.SweepAsync(cancellationToken);
            cold.Stop();
            var up = collector.Current.Values.Count(s => s.Up == true);
            var cpuBefore = self.TotalProcessorTime;
            var warm = new List<double>();
            for (var i = 0; i < WarmSweeps; i++)
            {
                var sweep = Stopwatch.StartNew();
                await collector.SweepAsync(cancellationToken);
                warm.Add(sweep.Elapsed.TotalMilliseconds);
                foreach (var failed in collector.Current.Where(s => s.Value.Up != true))
                {
                    log.WriteLine($"{Name}: sweep {i + 1}: {failed.Key} not read: {failed.Value.Reason} {failed.Value.Error}");
                }
            }

            self.Refresh();
            var cpuPerSweep = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds / WarmSweeps;
            var rssAdded = self.WorkingSet64 - rssBefore;
            var heapAdded = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
            var held = new List<long>();
            foreach (var port in ports)
            {
                held.Add(await ScalarAsync(port, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'supawatch'", cancellationToken));
                if (held[^1] > 1)
                {
                    log.WriteLine($"{Name}: 127.0.0.1:{port} holds {held[^1]} supawatch backends: {await BackendsAsync(port, cancellationToken)}");
                }
            }

            await collector.StopAsync(cancellationToken);
            log.WriteLine($"{Name}: Supawatch cold {cold.ElapsedMilliseconds} ms, warm median {Median(warm):F0} ms; starting {Servers} postgres_exporters");

            // The alternative: one exporter per database, each scraped once per interval.
            var exporterPath = "/usr/bin/prometheus-postgres-exporter";
            var exporterPorts = FreePorts(Servers);
            for (var i = 0; i < Servers; i++)
            {
                var start = new ProcessStartInfo(exporterPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
                start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{exporterPorts[i]}");
                start.Environment["DATA_SOURCE_NAME"] = $"postgresql://postgres@127.0.0.1:{ports[i]}/postgres?sslmode=disable";
                var process = Process.Start(start) ?? throw new InvalidOperationException("postgres_exporter did not start");
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, e) =>
                {
                    if (e.Data is { } line && (line.Contains("level=error", StringComparison.Ordinal) || line.Contains("fatal", StringComparison.OrdinalIgnoreCase)))
                    {
                        exporterErrors.Enqueue(line);
                    }
                };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                exporters.Add(process);
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var scrapeMs = new List<double>();
            var cpuStart = exporters.Sum(CpuSeconds);
            var clock = Stopwatch.StartNew();
            for (var round = 0; round < ExporterRounds; round++)
            {
                var roundStart = clock.Elapsed;
                var timer = Stopwatch.StartNew();
                await Parallel.ForEachAsync(exporterPorts, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                    async (port, ct) => await ScrapeAsync(http, port, ct));
                scrapeMs.Add(timer.Elapsed.TotalMilliseconds);
                var rest = Interval - (clock.Elapsed - roundStart);
                if (rest > TimeSpan.Zero && round < ExporterRounds - 1)
                {
                    await Task.Delay(rest, cancellationToken);
                }
            }

            var exporterCpu = exporters.Sum(CpuSeconds) - cpuStart;
            var exporterRss = exporters.Sum(RssBytes);
            var exited = exporters.Count(p => p.HasExited);
            if (exited > 0)
            {
                throw new InvalidOperationException($"{exited} postgres_exporters exited: {exporterErrors.FirstOrDefault() ?? "no error line"}");
            }
            var exporterConnections = new List<long>();
            foreach (var port in ports)
            {
                exporterConnections.Add(await ScalarAsync(port, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name <> 'supawatch-bench'", cancellationToken));
            }

            var markdown = $"""
                ## Tenant databases: 100 real PostgreSQL servers (`bash bench/run.sh {Name}`)
                {machine.Describe()} 100 PostgreSQL 15 servers as host processes (`pg_ctl`, `shared_buffers=1MB`, `max_connections=20`,
                one database each, trust auth); Supawatch's tenant database collector in the bench process (`SUPAWATCH_DB_CONCURRENCY`
                16, the service's code), then one Debian `prometheus-postgres-exporter` 0.11.1 per database, all scraped once every
                {Interval.TotalSeconds:F0} s for {ExporterRounds} rounds (16 scrapes in flight).

                | | Supawatch (one process) | 100 × postgres_exporter |
                |---|---|---|
                | databases read | {up} of {Servers} | {Servers} |
                | first sweep / scrape round (connects) | {cold.ElapsedMilliseconds} ms | {scrapeMs[0]:F0} ms |
                | later sweeps / rounds, median (max) | {Median(warm):F0} ms ({warm.Max():F0} ms) | {Median(scrapeMs.Skip(1).ToList()):F0} ms ({scrapeMs.Skip(1).Max():F0} ms) |
                | connections held on each database | max {held.Max()}, total {held.Sum()} | max {exporterConnections.Max()} (client backends after the rounds) |
                | memory | +{Format.MB(rssAdded)} RSS, +{Format.MB(heapAdded)} GC heap | {Format.MB(exporterRss)} RSS in total ({Format.MB(exporterRss / Servers)} each) |
                | CPU per interval | {cpuPerSweep:F0} ms per sweep | {exporterCpu * 1000 / ExporterRounds:F0} ms per round, all exporters |

                Goals: a sweep under 2 s ({(Median(warm) < 2000 && cold.ElapsedMilliseconds < 2000 ? "met" : "missed")}), at most one connection held per database ({(held.Max() <= 1 ? "met" : "missed")}).
                """;
            var missed = new List<string>();
            if (Median(warm) >= 2000 || cold.ElapsedMilliseconds >= 2000)
            {
                missed.Add($"{Name}: a sweep of {Servers} databases took {cold.ElapsedMilliseconds} ms cold, {Median(warm):F0} ms warm (goal < 2 s)");
            }

            if (held.Max() > 1)
            {
                missed.Add($"{Name}: Supawatch held {held.Max()} connections on one database (goal ≤ 1)");
            }

            return new ScenarioReport(Name, markdown, missed);
        }
        finally
        {
            foreach (var exporter in exporters)
            {
                try
                {
                    exporter.Kill();
                    await exporter.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
                {
                    // Already gone.
                }
                finally
                {
                    exporter.Dispose();
                }
            }

            for (var i = 0; i < Servers; i++)
            {
                var dir = Path.Combine(work, $"db{i}");
                if (File.Exists(Path.Combine(dir, "postmaster.pid")))
                {
                    await TryRun("runuser", ["-u", "postgres", "--", $"{Bin}/pg_ctl", "-D", dir, "-m", "immediate", "-w", "stop"], CancellationToken.None);
                }
            }

            Directory.Delete(work, recursive: true);
        }
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static double CpuSeconds(Process process)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static long RssBytes(Process process)
    {
        if (!File.Exists($"/proc/{process.Id}/status"))
        {
            return 0;
        }

        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private static async Task ScrapeAsync(HttpClient http, int port, CancellationToken cancellationToken)
    {
        var body = await http.GetStringAsync($"http://127.0.0.1:{port}/metrics", cancellationToken);
        if (!body.Contains("\npg_up 1", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"postgres_exporter on 127.0.0.1:{port} did not read its database (pg_up is not 1)");
        }
    }

    private static async Task WaitReadyAsync(int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await ScalarAsync(port, "SELECT 1", cancellationToken);
                return;
            }
            catch (NpgsqlException) when (deadline.Elapsed < TimeSpan.FromSeconds(240))
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static async Task<long> ScalarAsync(int port, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=5;Application Name=supawatch-bench");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Each supawatch backend of one server, for a count above one: when it started and what it last did.</summary>
    private static async Task<string> BackendsAsync(int port, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=5;Application Name=supawatch-bench");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT string_agg(format('pid %s %s started %s, state %s since %s, wait %s, client port %s, query %s', pid, backend_type, backend_start, state, state_change, wait_event, client_port, left(query, 40)), '; ') FROM pg_stat_activity WHERE application_name = 'supawatch'",
            connection);
        return await command.ExecuteScalarAsync(cancellationToken) as string ?? "";
    }

    private static async Task<string> TextAsync(int port, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=5;Application Name=supawatch-bench");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>Distinct free ports: every listener is held until all are chosen, so none comes back twice.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    private static async Task Run(string file, string[] args, CancellationToken cancellationToken)
    {
        var result = await TryRun(file, args, cancellationToken);
        if (result != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {result}");
        }
    }

    private static async Task<int> TryRun(string file, string[] args, CancellationToken cancellationToken = default) =>
        (await ExternalProcess.RunAsync(file, args, TimeSpan.FromSeconds(60), cancellationToken)).ExitCode;
}
