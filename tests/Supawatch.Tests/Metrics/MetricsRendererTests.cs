using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Supawatch.Discovery;
using Supawatch.Docker;
using Supawatch.Instances;
using Supawatch.Metrics;
using Supawatch.Tests.Discovery;

namespace Supawatch.Tests.Metrics;

public sealed class MetricsRendererTests : IDisposable
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly InventoryStore _inventory = new();
    private readonly DockerHostSet _hosts = new([new DockerHostConnection(
        new DockerHostSpec("default", new Uri("unix:///nonexistent/supawatch-test.sock"), null),
        new ContainerNameParser(new DiscoveryOptions().ComponentList),
        new DiscoveryOptions())]);
    private readonly MetricsRenderer _renderer;

    public MetricsRendererTests()
    {
        var self = new ExporterSelfMetrics(_registry);
        var signal = new RenderSignal();
        var options = new MetricsOptions();
        _renderer = new MetricsRenderer(
            _registry,
            [],
            _inventory,
            new ContainerStatsCollector(_hosts, _inventory, options, new CgroupStatsReader(options.CgroupRoot), self, signal, TimeProvider.System, NullLogger<ContainerStatsCollector>.Instance),
            new TenantDbCollector(_inventory, new TenantDbOptions { FromContainer = false }, new DiscoveryOptions(), new TenantDbLogins(new TenantDbOptions { FromContainer = false }, new DiscoveryOptions(), null), self, signal, TimeProvider.System, NullLogger<TenantDbCollector>.Instance),
            StoppedStates.Parse(StoppedStates.Default),
            self,
            signal,
            options,
            TimeProvider.System,
            NullLogger<MetricsRenderer>.Instance);
    }

    [Fact]
    public async Task Acquire_BeforeAnyRender_RendersTheCurrentInventory()
    {
        Publish("first");

        using var lease = await _renderer.AcquireAsync(CancellationToken.None);

        Assert.Contains("instance_id=\"first\"", Gunzip(lease.Metrics.Gzip), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_WhileAScrapeHoldsTheExposition_LeavesItsBytesIntactAndServesTheNewOneAfterwards()
    {
        Publish("first");
        await _renderer.RenderAsync(CancellationToken.None);
        using var held = await _renderer.AcquireAsync(CancellationToken.None);
        var heldText = Gunzip(held.Metrics.Gzip);

        // Two renders: the second would reuse the first buffer if the lease did not protect it.
        Publish("second");
        await _renderer.RenderAsync(CancellationToken.None);
        Publish("third");
        await _renderer.RenderAsync(CancellationToken.None);

        Assert.Equal(heldText, Gunzip(held.Metrics.Gzip));
        Assert.Contains("instance_id=\"first\"", heldText, StringComparison.Ordinal);
        using var latest = await _renderer.AcquireAsync(CancellationToken.None);
        Assert.NotSame(held.Metrics, latest.Metrics);
        Assert.Contains("instance_id=\"third\"", Gunzip(latest.Metrics.Gzip), StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(Gunzip(latest.Metrics.Gzip)), latest.Metrics.TextLength);
    }

    [Fact]
    public async Task Render_WithNoScrapeHoldingABuffer_ReusesTheSameTwoBuffers()
    {
        var seen = new HashSet<RenderedMetrics>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < 6; i++)
        {
            Publish($"i{i}");
            await _renderer.RenderAsync(CancellationToken.None);
            using var lease = await _renderer.AcquireAsync(CancellationToken.None);
            seen.Add(lease.Metrics);
            Assert.Contains($"instance_id=\"i{i}\"", Gunzip(lease.Metrics.Gzip), StringComparison.Ordinal);
        }

        Assert.Equal(2, seen.Count);
    }

    public void Dispose() => _hosts.Dispose();

    private void Publish(string instanceId) => _inventory.Publish(InventoryBuilder.Build(
        [InventoryBuilderTests.Container(instanceId, "kong")],
        new Dictionary<string, InstanceMetadata>(),
        ["kong"], [], _inventory.Current.Version + 1, DateTimeOffset.UtcNow, true));

    private static string Gunzip(ReadOnlyMemory<byte> bytes)
    {
        using var zip = new GZipStream(new MemoryStream(bytes.ToArray()), CompressionMode.Decompress);
        using var reader = new StreamReader(zip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
