using System.Diagnostics;
using System.IO.Compression;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Supawatch.Instances;

namespace Supawatch.Metrics;

/// <summary>
/// Prepares the <c>/metrics</c> exposition in the background — after an inventory change or a collector's
/// sweep (at most every <see cref="MinimumGap"/>), and every <see cref="MetricsOptions.RenderInterval"/>
/// for uptime — so a scrape only copies bytes. prometheus-net does the naming
/// and escaping; caching its output is what makes a scrape of 1,000 instances cheap.
/// </summary>
public sealed class MetricsRenderer(
    CollectorRegistry registry,
    SupabaseMetrics metrics,
    InventoryStore inventory,
    ContainerStatsCollector stats,
    TenantDbCollector databases,
    ExporterSelfMetrics self,
    RenderSignal changed,
    MetricsOptions options,
    TimeProvider time,
    ILogger<MetricsRenderer> logger) : BackgroundService
{
    /// <summary>Bursts of Docker events coalesce into one render.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private RenderedMetrics _current = RenderedMetrics.Empty;

    /// <summary>The latest exposition; rendered on demand only before the first background render.</summary>
    public async ValueTask<RenderedMetrics> GetAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        return current.Text.Length > 0 ? current : await RenderAsync(cancellationToken);
    }

    public async Task<RenderedMetrics> RenderAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var now = time.GetUtcNow();
            metrics.Update(inventory.Current, stats.Current, databases.Current, now);
            self.RenderTimestamp.Set(now.ToUnixTimeMilliseconds() / 1000.0);

            using var text = new MemoryStream(Math.Max(64 * 1024, _current.Text.Length + 4096));
            await registry.CollectAndExportAsTextAsync(text, cancellationToken);
            var bytes = text.ToArray();

            using var gzip = new MemoryStream(bytes.Length / 4 + 1024);
            await using (var zip = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
            {
                await zip.WriteAsync(bytes, cancellationToken);
            }

            var rendered = new RenderedMetrics(bytes, gzip.ToArray(), now);
            Volatile.Write(ref _current, rendered);
            self.RenderSeconds.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            return rendered;
        }
        finally
        {
            _gate.Release();
        }
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
