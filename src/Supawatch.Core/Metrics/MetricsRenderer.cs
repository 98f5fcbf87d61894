using System.Diagnostics;
using System.IO.Compression;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Supawatch.Common;
using Supawatch.Instances;

namespace Supawatch.Metrics;

/// <summary>
/// Prepares the <c>/metrics</c> exposition in the background — after an inventory change or a collector's
/// sweep (at most every <see cref="MinimumGap"/>), and every <see cref="MetricsOptions.RenderInterval"/>
/// for uptime — so a gzip scrape only copies bytes. Tenant series are written straight from the snapshots
/// (<see cref="ExpositionWriter"/>), then prometheus-net exports the service's own metrics; caching the result is what
/// makes a scrape of 1,000 instances cheap, and reusing the buffers (see <see cref="RenderedMetrics"/>) is what keeps
/// the service's memory flat.
/// </summary>
public sealed class MetricsRenderer(
    CollectorRegistry registry,
    IEnumerable<ITenantSeries> tenantSeries,
    InventoryStore inventory,
    ContainerStatsCollector stats,
    TenantDbCollector databases,
    StoppedStates stopped,
    ExporterSelfMetrics self,
    RenderSignal changed,
    MetricsOptions options,
    TimeProvider time,
    ILogger<MetricsRenderer> logger) : BackgroundService
{
    /// <summary>Bursts of Docker events coalesce into one render.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(250);

    private readonly ITenantSeries[] _tenantSeries = [.. tenantSeries];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<RenderedMetrics> _buffers = [];
    private RenderedMetrics? _current;

    /// <summary>
    /// The latest exposition, leased until disposed; rendered on demand only before the first background render.
    /// </summary>
    public async ValueTask<RenderedMetricsLease> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            if (current is null)
            {
                await RenderAsync(cancellationToken);
                continue;
            }

            current.Lease();
            // The renderer may have recycled this buffer between the read and the lease; it never
            // recycles the current one, so if it is still current its bytes are complete and stay so.
            if (ReferenceEquals(current, Volatile.Read(ref _current)))
            {
                return new RenderedMetricsLease(current);
            }

            current.Release();
        }
    }

    public async Task RenderAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var now = time.GetUtcNow();
            self.RenderTimestamp.Set(now.ToUnixTimeMilliseconds() / 1000.0);

            var target = FreeBuffer();
            target.Reset(now);
            // Written straight into gzip: the plain text never exists whole (RenderedMetrics says why).
            await using (var zip = new GZipStream(target.GzipStream, CompressionLevel.Fastest, leaveOpen: true))
            await using (var counted = new CountingStream(zip))
            {
                using (var writer = new ExpositionWriter(counted))
                {
                    SupabaseMetrics.Write(writer, inventory.Current, stats.Current, databases.Current, stopped, now);
                    foreach (var series in _tenantSeries)
                    {
                        series.Write(writer);
                    }
                }

                // prometheus-net writes its own metrics line by line: a buffer keeps deflate's calls few.
                await using (var buffered = new BufferedStream(counted, 64 * 1024))
                {
                    await registry.CollectAndExportAsTextAsync(buffered, cancellationToken);
                }

                target.TextLength = counted.Written;
            }

            Volatile.Write(ref _current, target);
            self.RenderSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override void Dispose()
    {
        foreach (var buffer in _buffers)
        {
            buffer.Dispose();
        }

        _gate.Dispose();
        base.Dispose();
    }

    /// <summary>A buffer no scrape holds and that is not current; usually one of two, more while slow scrapes last.</summary>
    private RenderedMetrics FreeBuffer()
    {
        var current = _current;
        foreach (var buffer in _buffers)
        {
            if (!ReferenceEquals(buffer, current) && !buffer.IsLeased)
            {
                return buffer;
            }
        }

        var created = new RenderedMetrics();
        _buffers.Add(created);
        return created;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seen = -1L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var collected = changed.WaitAsync();
                seen = inventory.Current.Version;
                await RenderAsync(stoppingToken);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(options.RenderInterval);
                // WhenAny never throws: a cancelled wait just ends the wait.
                await Task.WhenAny(inventory.WaitForNewerAsync(seen, wait.Token), collected.WaitAsync(wait.Token));
                await Task.Delay(MinimumGap, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                MetricsLog.RenderFailed(logger, ex.Message);
                await Task.Delay(options.RenderInterval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
