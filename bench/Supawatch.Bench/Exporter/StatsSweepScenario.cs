using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Metrics;
using Supawatch.Health;

namespace Supawatch.Bench.Exporter;

/// <summary>
/// <c>stats-100</c>: <see cref="ContainerStatsCollector.SweepAsync"/> — wired by <c>AddDiscovery</c> and
/// <c>AddExporter</c> as the service wires it — over 100 real busybox containers, after one
/// <see cref="DiscoveryEngine.ReconcileAsync"/>, on each engine <c>bench/run.sh</c> starts: a private real Docker
/// Engine and a private podman; first through the engines' stats API, then from the containers' cgroup files. The
/// engines' own CPU over each set of sweeps is summed from /proc. The containers are removed afterwards.
/// <c>stats-300</c> is issue 25's stats-cost row: the same on Docker Engine only, 300 containers (a shim each), without
/// the raw query-form comparison (context that stats-100 already gives, minutes more at 300).
/// </summary>
internal sealed class StatsSweepScenario(string scenario, BenchArguments arguments, MachineInfo machine, TextWriter log)
{
    public const int Sweeps = 5;
    public static readonly TimeSpan Goal = TimeSpan.FromSeconds(1);
    private const string Image = "localhost/busybox:latest";
    private const int EngineConcurrency = 8;
    private const int RemoveBatch = 25;
    private static readonly string[] Components = ["kong", "studio", "db"];
    private static readonly TimeSpan EngineTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A batch's <c>rm -f</c> on a loaded machine: 25 Docker containers took over a minute at load 37.</summary>
    private static readonly TimeSpan RemoveTimeout = TimeSpan.FromSeconds(180);

    private bool Large => scenario == BenchArguments.StatsLarge;

    private int Containers => arguments.Containers ?? (Large ? 300 : 100);

    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var engines = new List<StatsEngine>();
        if (arguments.DockerdHost is not null)
        {
            engines.Add(new StatsEngine("Docker Engine", arguments.DockerdHost, arguments.Docker, arguments.DockerdMarker ?? arguments.DockerdHost));
        }

        if (arguments.DockerHost is not null && !Large)
        {
            engines.Add(new StatsEngine("podman", arguments.DockerHost, arguments.Podman, arguments.PodmanMarker ?? arguments.DockerHost));
        }

        if (engines.Count == 0)
        {
            throw new InvalidOperationException($"{scenario} needs --dockerd-host (and --docker) and/or --docker-host (podman's socket) and --podman; run bash bench/run.sh");
        }

        var results = new List<StatsEngineResult>();
        foreach (var engine in engines)
        {
            results.Add(await RunOnAsync(engine, cancellationToken));
        }

        return new StatsReport(scenario, Containers, EngineConcurrency, machine, results, MachineInfo.LoadNow()).ToScenarioReport();
    }

    private async Task<StatsEngineResult> RunOnAsync(StatsEngine engine, CancellationToken cancellationToken)
    {
        var version = (await Cli(engine, engine.Name == "podman" ? ["--version"] : ["version", "--format", "Docker Engine {{.Server.Version}}"], cancellationToken)).StandardOutput.Trim();
        var run = Convert.ToHexStringLower(BitConverter.GetBytes(Environment.ProcessId ^ Environment.TickCount))[..6];
        var prefix = $"st{run}-";
        var names = Enumerable.Range(0, Containers).Select(i => $"{prefix}{(i / Components.Length) + 1}_{Components[i % Components.Length]}").ToArray();
        var directory = Directory.CreateTempSubdirectory("supawatch-bench-stats-");
        try
        {
            var started = Run.Start();
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = EngineConcurrency, CancellationToken = cancellationToken },
                async (name, ct) => Check(engine, await Cli(engine, ["run", "-d", "--name", name, Image, "sleep", "3600"], ct), name));
            var startAll = started.Stop();
            log.WriteLine($"{scenario}: {names.Length} containers running under {engine.Name} after {Format.Ms(startAll.WallMs)} ({version})");

            var (sweeps, withCpu, ids, concurrency, engineCpu) = await SweepAsync(engine, StatsSource.Api, directory.FullName, prefix, names.Length, cancellationToken);
            log.WriteLine($"{scenario}: {engine.Name}'s processes used {engineCpu:0.00} s of CPU over the {Sweeps} API sweeps");
            var (cgroupSweeps, _, _, _, cgroupEngineCpu) = await SweepAsync(engine, StatsSource.Cgroup, directory.FullName, prefix, names.Length, cancellationToken);
            log.WriteLine($"{scenario}: {engine.Name}'s processes used {cgroupEngineCpu:0.00} s of CPU over the {Sweeps} cgroup sweeps");
            var forms = Large ? [] : await StatsQueryComparison.RunAsync(engine.DockerHost, ids, concurrency, log, cancellationToken);
            var cliStats = Run.Start();
            Check(engine, await Cli(engine, ["stats", "--no-stream", "--format", "{{.Name}} {{.CPUPerc}} {{.MemUsage}}"], cancellationToken), "stats");
            var cliStatsRun = cliStats.Stop();
            return new StatsEngineResult(engine, version, startAll, sweeps, withCpu, engineCpu, cliStatsRun, cgroupSweeps, cgroupEngineCpu, forms);
        }
        finally
        {
            await RemoveAsync(engine, names);
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// One reconcile, then <see cref="Sweeps"/> sweeps; the engine's CPU is read around the sweeps only, so the
    /// reconcile's list and inspects are not charged to either stats source.
    /// </summary>
    private async Task<(IReadOnlyList<Run> Sweeps, int WithCpu, string[] Ids, int Concurrency, double EngineCpuSeconds)> SweepAsync(
        StatsEngine engine, StatsSource source, string directory, string prefix, int expected, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discovery:DockerHost"] = engine.DockerHost,
            ["Metrics:StatsSource"] = source.ToString(),
            ["Storage:DataDir"] = Path.Combine(directory, "data"),
        }).Build();
        var logs = new CountingLoggerProvider();
        await using var provider = new ServiceCollection()
            .AddLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(logs))
            .AddDiscovery(configuration)
            .AddSingleton(HealthServiceCollectionExtensions.StoppedStatesFrom(configuration))
            .AddExporter(configuration)
            .BuildServiceProvider();
        var collector = provider.GetRequiredService<ContainerStatsCollector>();
        var options = provider.GetRequiredService<MetricsOptions>();
        await provider.GetRequiredService<DiscoveryEngine>().ReconcileAsync("bench", true, cancellationToken);
        var ours = provider.GetRequiredService<InventoryStore>().Current.Containers
            .Where(c => c.IsRunning && c.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(c => c.Id).ToArray();
        if (ours.Length != expected)
        {
            throw new InvalidOperationException($"the reconcile saw {ours.Length} of the {expected} running containers; logged: {string.Join(" | ", logs.Problems)}");
        }

        var runs = new List<Run>(Sweeps);
        var withCpu = 0;
        var engineCpuBefore = ProcessCpu.SecondsOf(engine.ProcessMarker);
        for (var i = 0; i < Sweeps; i++)
        {
            var sweep = Run.Start();
            await collector.SweepAsync(cancellationToken);
            runs.Add(sweep.Stop());
            var current = collector.Current;
            var read = ours.Count(current.ContainsKey);
            withCpu = ours.Count(id => current.TryGetValue(id, out var s) && s.CpuPercent is not null);
            log.WriteLine($"{scenario}: {engine.Name} {source} sweep {i + 1}/{Sweeps} ({options.StatsConcurrency} calls at once): {runs[^1]}; stats read for {read}/{expected}, CPU % for {withCpu}");
            if (read != expected)
            {
                throw new InvalidOperationException($"sweep {i + 1} read stats of {read} of {expected} containers; logged: {string.Join(" | ", logs.Problems)}");
            }
        }

        var engineCpu = ProcessCpu.SecondsOf(engine.ProcessMarker) - engineCpuBefore;
        return (runs, withCpu, ours, options.StatsConcurrency, engineCpu);
    }

    /// <summary>By name, in batches run side by side, each bounded in time, even after a failure or cancellation; run.sh also clears its engines at exit.</summary>
    private async Task RemoveAsync(StatsEngine engine, string[] names)
    {
        var removing = Run.Start();
        await Parallel.ForEachAsync(names.Chunk(RemoveBatch), new ParallelOptions { MaxDegreeOfParallelism = EngineConcurrency }, async (batch, _) =>
        {
            try
            {
                // Docker's rm -f kills at once; podman's needs -t 0 (busybox sleep ignores SIGTERM).
                string[] remove = engine.Name == "podman" ? ["rm", "-f", "-t", "0", "--ignore", .. batch] : ["rm", "-f", .. batch];
                var removed = await ExternalProcess.RunAsync(engine.Cli, remove, RemoveTimeout, CancellationToken.None);
                if (removed.ExitCode != 0)
                {
                    log.WriteLine($"{scenario}: {engine.Name} rm failed ({removed.ExitCode}): {removed.StandardError}");
                }
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                log.WriteLine($"{scenario}: could not remove {batch.Length} containers: {ex.Message}");
            }
        });

        log.WriteLine($"{scenario}: removed {names.Length} {engine.Name} containers in {Format.Ms(removing.Stop().WallMs)}");
    }

    private static void Check(StatsEngine engine, ExternalProcess.Result result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{engine.Name} ({what}) failed with {result.ExitCode.ToString(CultureInfo.InvariantCulture)}: {result.StandardError}");
        }
    }

    private static Task<ExternalProcess.Result> Cli(StatsEngine engine, string[] args, CancellationToken cancellationToken) =>
        ExternalProcess.RunAsync(engine.Cli, args, EngineTimeout, cancellationToken);
}
