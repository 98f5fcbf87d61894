using System.Text;
using Prometheus;
using Supawatch.Discovery;
using Supawatch.Health;
using Supawatch.Instances;
using Supawatch.Metrics;

namespace Supawatch.Tests.Metrics;

/// <summary>Supawatch's own series: counters are counters named <c>_total</c>, and the build is exported.</summary>
public sealed class SelfMetricsHygieneTests
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();

    [Fact]
    public async Task SourceErrors_FailedAttempts_AreACounterThatNeverGoesDown()
    {
        var discovery = new DiscoveryMetrics(_registry, new DiscoveryOptions());
        var failing = SourceStatus.Pending(DiscoveryHealth.MasterDb).Failed(DateTimeOffset.UnixEpoch, "refused").Failed(DateTimeOffset.UnixEpoch, "refused");

        discovery.Published(InventorySnapshot.Empty with { Sources = [failing] });
        var text = await ExpositionAsync();
        // A source recreated with fewer errors (a new host connection) must not make the counter go back.
        discovery.Published(InventorySnapshot.Empty with { Sources = [SourceStatus.Pending(DiscoveryHealth.MasterDb).Failed(DateTimeOffset.UnixEpoch, "x")] });

        Assert.Contains("# TYPE supawatch_source_errors_total counter", text, StringComparison.Ordinal);
        Assert.Contains("supawatch_source_errors_total{source=\"master_db\",host=\"\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("supawatch_source_errors_total{source=\"master_db\",host=\"\"} 2", await ExpositionAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("supawatch_source_errors ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildInfo_Always_IsOneWithVersionRevisionAndRuntime()
    {
        _ = new ExporterSelfMetrics(_registry);

        var line = (await ExpositionAsync()).Split('\n').Single(l => l.StartsWith("supawatch_build_info{", StringComparison.Ordinal));

        Assert.EndsWith("} 1", line, StringComparison.Ordinal);
        Assert.Matches("^supawatch_build_info\\{version=\"\\d+\\.\\d+\\.\\d+[^\"]*\",revision=\"([0-9a-f]{7,40}|unknown)\",runtime=\"(jit|nativeaot)/\\d+\\.\\d+\\.\\d+\"\\} 1$", line);
        Assert.StartsWith("jit/", BuildInfo.Runtime, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GcPause_AfterABlockingCollection_CountsTheTimeTheProcessStood()
    {
        var registry = Supawatch.Common.SupawatchRegistry.Create();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        var text = await ExpositionAsync(registry);
        var line = text.Split('\n').Single(l => l.StartsWith("dotnet_gc_pause_seconds_total ", StringComparison.Ordinal));

        Assert.Contains("# TYPE dotnet_gc_pause_seconds_total counter", text, StringComparison.Ordinal);
        Assert.True(double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) > 0, line);
    }

    [Fact]
    public async Task OwnSeries_EveryCounterEndsInTotal_AndNoGaugeDoes_NorCountsSinceStart()
    {
        _ = new DiscoveryMetrics(_registry, new DiscoveryOptions());
        _ = new ExporterSelfMetrics(_registry);
        _ = new HealthMetrics(_registry);

        var lines = (await ExpositionAsync()).Split('\n');
        var types = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToDictionary(p => p[2], p => p[3], StringComparer.Ordinal);
        var help = lines.Where(l => l.StartsWith("# HELP ", StringComparison.Ordinal)).ToDictionary(l => l.Split(' ')[2], l => l, StringComparer.Ordinal);

        Assert.NotEmpty(types);
        Assert.All(types, t =>
        {
            Assert.True(t.Value != "counter" || t.Key.EndsWith("_total", StringComparison.Ordinal), $"counter {t.Key} lacks _total");
            Assert.True(t.Value != "gauge" || !t.Key.EndsWith("_total", StringComparison.Ordinal), $"gauge {t.Key} ends in _total");
            Assert.True(t.Value != "gauge" || !help[t.Key].Contains("since Supawatch started", StringComparison.Ordinal), $"gauge {t.Key} counts since start: make it a counter");
        });
    }

    private Task<string> ExpositionAsync() => ExpositionAsync(_registry);

    private static async Task<string> ExpositionAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
