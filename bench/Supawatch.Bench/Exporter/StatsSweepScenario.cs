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
/// <c>AddExporter</c> as the service wires it — over 100 real busybox containers under the private podman of
/// <c>bench/run.sh</c>, after one <see cref="DiscoveryEngine.ReconcileAsync"/>. The containers are removed afterwards.
/// </summary>
internal sealed class StatsSweepScenario(BenchArguments arguments, MachineInfo machine, TextWriter log)
{
    public const int Sweeps = 5;
    public static readonly TimeSpan Goal = TimeSpan.FromSeconds(1);
    private const string Image = "localhost/busybox:latest";
    private const int PodmanConcurrency = 8;
    private const int RemoveBatch = 25;
    private static readonly string[] Components = ["kong", "studio", "db"];
    private static readonly TimeSpan PodmanTimeout = TimeSpan.FromSeconds(60);

    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        if (arguments.DockerHost is null)
        {
            throw new InvalidOperationException("stats-100 needs --docker-host unix:///…/podman.sock and --podman; run bash bench/run.sh");
        }

        var podmanVersion = (await Podman(["--version"], cancellationToken)).StandardOutput;
        var run = Convert.ToHexStringLower(BitConverter.GetBytes(Environment.ProcessId ^ Environment.TickCount))[..6];
        var prefix = $"st{run}-";
        var names = Enumerable.Range(0, arguments.Containers).Select(i => $"{prefix}{(i / Components.Length) + 1}_{Components[i % Components.Length]}").ToArray();
        var directory = Directory.CreateTempSubdirectory("supawatch-bench-stats-");
        try
        {
            var started = Run.Start();
            await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = PodmanConcurrency, CancellationToken = cancellationToken },
                async (name, ct) => Check(await Podman(["run", "-d", "--name", name, Image, "sleep", "3600"], ct), name));
            var startAll = started.Stop();
            log.WriteLine($"stats-100: {names.Length} containers running under podman after {Format.Ms(startAll.WallMs)} ({podmanVersion})");

            var (sweeps, withCpu) = await SweepAsync(directory.FullName, prefix, names.Length, cancellationToken);
            var podmanStats = Run.Start();
            Check(await Podman(["stats", "--no-stream", "--format", "{{.Name}} {{.CPUPerc}} {{.MemUsage}}"], cancellationToken), "podman stats");
            var podmanStatsRun = podmanStats.Stop();
            return new StatsReport(PodmanConcurrency, machine, podmanVersion, names.Length, startAll, sweeps, withCpu, podmanStatsRun, MachineInfo.LoadNow()).ToScenarioReport();
        }
        finally
        {
            await RemoveAsync(names);
            directory.Delete(recursive: true);
        }
    }

    private async Task<(IReadOnlyList<Run> Sweeps, int WithCpu)> SweepAsync(string directory, string prefix, int expected, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discovery:DockerHost"] = arguments.DockerHost,
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
        for (var i = 0; i < Sweeps; i++)
        {
            var sweep = Run.Start();
            await collector.SweepAsync(cancellationToken);
            runs.Add(sweep.Stop());
            var current = collector.Current;
            var read = ours.Count(current.ContainsKey);
            withCpu = ours.Count(id => current.TryGetValue(id, out var s) && s.CpuPercent is not null);
            log.WriteLine($"stats-100: sweep {i + 1}/{Sweeps} ({options.StatsConcurrency} calls at once): {runs[^1]}; stats read for {read}/{expected}, CPU % for {withCpu}");
            if (read != expected)
            {
                throw new InvalidOperationException($"sweep {i + 1} read stats of {read} of {expected} containers; logged: {string.Join(" | ", logs.Problems)}");
            }
        }

        return (runs, withCpu);
    }

    /// <summary>By name, in batches run side by side, each bounded in time, even after a failure or cancellation; run.sh also clears its podman root at exit.</summary>
    private async Task RemoveAsync(string[] names)
    {
        var removing = Run.Start();
        await Parallel.ForEachAsync(names.Chunk(RemoveBatch), new ParallelOptions { MaxDegreeOfParallelism = PodmanConcurrency }, async (batch, _) =>
        {
            try
            {
                var removed = await Podman(["rm", "-f", "-t", "0", "--ignore", .. batch], CancellationToken.None);
                if (removed.ExitCode != 0)
                {
                    log.WriteLine($"stats-100: podman rm failed ({removed.ExitCode}): {removed.StandardError}");
                }
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                log.WriteLine($"stats-100: could not remove {batch.Length} containers: {ex.Message}");
            }
        });

        log.WriteLine($"stats-100: removed {names.Length} containers in {Format.Ms(removing.Stop().WallMs)}");
    }

    private static void Check(ExternalProcess.Result result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"podman ({what}) failed with {result.ExitCode.ToString(CultureInfo.InvariantCulture)}: {result.StandardError}");
        }
    }

    private Task<ExternalProcess.Result> Podman(string[] args, CancellationToken cancellationToken) =>
        ExternalProcess.RunAsync(arguments.Podman, args, PodmanTimeout, cancellationToken);
}
