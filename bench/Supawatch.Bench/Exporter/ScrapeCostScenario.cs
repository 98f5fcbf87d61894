using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Supawatch.Bench.Measurement;
using Supawatch.Bench.Reconcile;
using Supawatch.Common;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Metrics;
using Supawatch.Health;

namespace Supawatch.Bench.Exporter;

/// <summary>
/// <c>metrics-scrape-cost</c>: one <see cref="MetricsRenderer.RenderAsync"/> — setting every tenant series from the
/// inventory and stats, exporting the registry as text and gzipping it — at 1,000 instances from the synthetic engine,
/// after a reconcile and two stats sweeps. This is the work the service does in the background so /metrics only copies bytes.
/// </summary>
internal sealed class ScrapeCostScenario(BenchArguments arguments, MachineInfo machine, TextWriter log)
{
    public const int Renders = 20;

    public async Task<ScenarioReport> RunAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("supawatch-bench-render-");
        try
        {
            var socket = Path.Combine(directory.FullName, "docker.sock");
            await using var engine = await SyntheticEngineProcess.StartAsync(socket, arguments.Instances, log, cancellationToken);
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Discovery:DockerHost"] = "unix://" + socket,
                ["Storage:DataDir"] = Path.Combine(directory.FullName, "data"),
            }).Build();
            var logs = new CountingLoggerProvider();
            await using var provider = new ServiceCollection()
                .AddLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(logs))
                .AddDiscovery(configuration)
                .AddSingleton(HealthServiceCollectionExtensions.StoppedStatesFrom(configuration))
                .AddExporter(configuration)
                .BuildServiceProvider();
            await provider.GetRequiredService<DiscoveryEngine>().ReconcileAsync("bench", true, cancellationToken);
            var stats = provider.GetRequiredService<ContainerStatsCollector>();
            await stats.SweepAsync(cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            await stats.SweepAsync(cancellationToken);
            var containers = provider.GetRequiredService<InventoryStore>().Current.ContainerCount;
            var withCpu = stats.Current.Values.Count(s => s.CpuPercent is not null);
            if (containers != arguments.Instances * ComponentSpec.All.Length || withCpu != containers)
            {
                throw new InvalidOperationException($"before rendering: {containers} containers, {withCpu} with CPU; logged: {string.Join(" | ", logs.Problems)}");
            }

            var renderer = provider.GetRequiredService<MetricsRenderer>();
            var first = Run.Start();
            await renderer.RenderAsync(cancellationToken);
            var firstRun = first.Stop();
            int textBytes, gzipBytes;
            string text;
            using (var lease = await renderer.AcquireAsync(cancellationToken))
            {
                using (var reader = new StreamReader(GzippedBody.Inflate(lease.Metrics.Gzip)))
                {
                    text = reader.ReadToEnd();
                }

                (textBytes, gzipBytes) = ((int)lease.Metrics.TextLength, lease.Metrics.Gzip.Length);
            }

            if (Exposition.Series(text, "supabase_instance_cpu_usage_percent") != arguments.Instances)
            {
                throw new InvalidOperationException("the rendered exposition lacks some instances' CPU series");
            }

            var runs = new List<Run>(Renders);
            for (var i = 0; i < Renders; i++)
            {
                var render = Run.Start();
                await renderer.RenderAsync(cancellationToken);
                runs.Add(render.Stop());
            }

            log.WriteLine($"metrics-scrape-cost: {Renders} renders, p50 {Format.Ms(Summary.Of(runs.Select(r => r.WallMs)).P50)}");
            return new ScrapeCostReport(machine, arguments.Instances, firstRun, runs, textBytes, gzipBytes,
                Exposition.Samples(text, ""), Exposition.Samples(text, "supabase_"), MachineInfo.LoadNow()).ToScenarioReport();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
