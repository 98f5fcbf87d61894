using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Supawatch.Bench.Measurement;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Targets;

namespace Supawatch.Bench.Reconcile;

/// <summary>
/// <c>reconcile-1000</c>: the real <see cref="DockerContainerSource"/> and <see cref="DiscoveryEngine"/>, wired by
/// <c>AddDiscovery</c>, against a synthetic engine holding 1,000 instances × 3 containers. Measures cold reconciles
/// (cache dropped: every container inspected), warm ones (list only), rendering /sd, and memory afterwards.
/// </summary>
internal sealed class ReconcileScenario(BenchArguments arguments, MachineInfo machine, TextWriter log)
{
    private const long MemoryGoalBytes = 150_000_000;
    private static readonly TimeSpan ReconcileGoal = TimeSpan.FromSeconds(2);

    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("supawatch-bench-reconcile-");
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
        var socket = Path.Combine(directory, "docker.sock");
        await using var engine = await SyntheticEngineProcess.StartAsync(socket, arguments.Instances, log, cancellationToken);
        var fleet = await engine.CountersAsync(cancellationToken);

        // The bench's own runtime, before any discovery object exists.
        var before = MemoryReading.Take();

        var logs = new CountingLoggerProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discovery:DockerHost"] = "unix://" + socket,
            ["Storage:DataDir"] = Path.Combine(directory, "data"),
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(logs))
            .AddDiscovery(configuration);
        await using var provider = services.BuildServiceProvider();
        var discovery = provider.GetRequiredService<DiscoveryEngine>();
        var store = provider.GetRequiredService<InventoryStore>();
        var health = provider.GetRequiredService<DiscoveryHealth>();
        var options = provider.GetRequiredService<DiscoveryOptions>();

        // The reference runs share the service's Docker client and alternate with the cold reconciles, so
        // both see the same JIT tier and the same machine load.
        var client = provider.GetRequiredService<IDockerClient>();
        var ids = (await client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellationToken)).Select(c => c.ID).ToArray();
        var cold = new List<Run>();
        var clientOnly = new List<Run>();
        for (var i = 0; i < arguments.Repeat; i++)
        {
            cold.Add(await ReconcileAsync(discovery, engine, distrust: true, expectedInspects: fleet.Containers, cancellationToken));
            Check(store.Current, health, fleet, logs);
            log.WriteLine($"reconcile-1000: cold {i + 1}/{arguments.Repeat}: {cold[^1]}");
            clientOnly.Add(await InspectWithClientOnlyAsync(client, ids, options.InspectConcurrency, cancellationToken));
            log.WriteLine($"reconcile-1000: Docker.DotNet alone {i + 1}/{arguments.Repeat}: {clientOnly[^1]}");
        }

        var afterCold = MemoryReading.Take();
        var warm = new List<Run>();
        for (var i = 0; i < arguments.Repeat; i++)
        {
            warm.Add(await ReconcileAsync(discovery, engine, distrust: false, expectedInspects: 0, cancellationToken));
            Check(store.Current, health, fleet, logs);
            log.WriteLine($"reconcile-1000: warm {i + 1}/{arguments.Repeat}: {warm[^1]}");
        }

        var render = RenderTargets(store.Current, options, arguments.Repeat * 4, fleet.Containers);
        var after = MemoryReading.Take();

        // Last, so nothing else competes with it: the shipped service binary's own start-up reconcile and memory.
        var service = await ServiceProcessProbe.MeasureAsync(socket, directory, fleet.Containers, log, cancellationToken);
        var notServed = (await engine.CountersAsync(cancellationToken)).NotServed;
        return new ReconcileReport(machine, fleet, options.InspectConcurrency, cold, clientOnly, warm, render, before, afterCold, after, service, notServed)
            .ToScenarioReport(ReconcileGoal, MemoryGoalBytes);
    }

    private static async Task<Run> ReconcileAsync(
        DiscoveryEngine discovery, SyntheticEngineProcess engine, bool distrust, int expectedInspects, CancellationToken cancellationToken)
    {
        await engine.ResetAsync(cancellationToken);
        var run = Run.Start();
        await discovery.ReconcileAsync("bench", distrust, cancellationToken);
        var measured = run.Stop();

        var counters = await engine.CountersAsync(cancellationToken);
        if (counters.Lists != 1 || counters.Inspects != expectedInspects)
        {
            throw new InvalidOperationException(
                $"a {(distrust ? "cold" : "warm")} reconcile made {counters.Lists} list and {counters.Inspects} inspect calls; expected 1 and {expectedInspects}");
        }

        return measured;
    }

    /// <summary>The inspects of a cold reconcile made by the Docker client library alone, none of Supawatch's code around them.</summary>
    private static async Task<Run> InspectWithClientOnlyAsync(IDockerClient client, string[] ids, int concurrency, CancellationToken cancellationToken)
    {
        var run = Run.Start();
        await Parallel.ForAsync(0, ids.Length, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) => await client.Containers.InspectContainerAsync(ids[i], ct));
        return run.Stop();
    }

    /// <summary>A benchmark that timed a failed reconcile would be worse than none: stop instead.</summary>
    private static void Check(InventorySnapshot snapshot, DiscoveryHealth health, EngineCounters fleet, CountingLoggerProvider logs)
    {
        var docker = health.DockerStatus;
        var instances = fleet.Containers / ComponentSpec.All.Length;
        if (!docker.Up || docker.Errors > 0 || snapshot.Instances.Length != instances || snapshot.ContainerCount != fleet.Containers)
        {
            throw new InvalidOperationException(
                $"reconcile did not see the fleet: {snapshot.Instances.Length}/{instances} instances, " +
                $"{snapshot.ContainerCount}/{fleet.Containers} containers, docker error: {docker.LastError ?? "none"}; " +
                $"logged: {string.Join(" | ", logs.Problems)}");
        }
    }

    private static RenderRuns RenderTargets(InventorySnapshot snapshot, DiscoveryOptions options, int repeat, int expectedGroups)
    {
        var bytes = ScrapeTargets.Render(snapshot, options, null, out var groups).Length;
        if (groups != expectedGroups)
        {
            throw new InvalidOperationException($"ScrapeTargets.Render wrote {groups} target groups, expected {expectedGroups}");
        }

        var runs = new List<Run>(repeat);
        for (var i = 0; i < repeat; i++)
        {
            var run = Run.Start();
            ScrapeTargets.Render(snapshot, options);
            runs.Add(run.Stop());
        }

        return new RenderRuns(runs, bytes, groups);
    }
}
