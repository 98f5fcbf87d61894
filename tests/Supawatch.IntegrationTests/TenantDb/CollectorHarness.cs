using Microsoft.Extensions.Logging.Abstractions;
using Supawatch.Discovery;
using Supawatch.Docker;
using Supawatch.Instances;
using Supawatch.Metrics;

namespace Supawatch.IntegrationTests.TenantDb;

/// <summary>
/// The tenant database collector wired as <c>serve</c> wires it, on a real engine: discovery's own container source
/// lists the tenants, the collector reads their environment through the same Docker API and their databases through
/// the published ports.
/// </summary>
public sealed class CollectorHarness : IAsyncDisposable
{
    private readonly DockerHostSet _hosts;
    private long _version;

    public CollectorHarness(string dockerHost, TenantDbOptions options)
    {
        var discovery = new DiscoveryOptions();
        _hosts = new DockerHostSet([new DockerHostConnection(new DockerHostSpec(DockerHosts.DefaultName, new Uri(dockerHost), null), new ContainerNameParser(discovery.ComponentList), discovery)]);
        Collector = new TenantDbCollector(Inventory, options, discovery, new TenantDbLogins(options, discovery, _hosts), new ExporterSelfMetrics(Prometheus.Metrics.NewCustomRegistry()),
            new RenderSignal(), TimeProvider.System, NullLogger<TenantDbCollector>.Instance);
    }

    public InventoryStore Inventory { get; } = new();
    public TenantDbCollector Collector { get; }

    /// <summary>Discovers the engine's tenants now, then sweeps their databases once.</summary>
    public async Task<IReadOnlyDictionary<string, TenantDbStatus>> SweepAsync(bool discover = true)
    {
        if (discover)
        {
            await DiscoverAsync();
        }

        await Collector.SweepAsync(CancellationToken.None);
        return Collector.Current;
    }

    public async Task DiscoverAsync()
    {
        var containers = await _hosts.All[0].Source.ListAsync(CancellationToken.None);
        Inventory.Publish(InventoryBuilder.Build(containers, null, [], [], ++_version, DateTimeOffset.UtcNow, true));
    }

    public async ValueTask DisposeAsync()
    {
        await Collector.StopAsync(CancellationToken.None);
        Collector.Dispose();
        _hosts.Dispose();
    }
}
