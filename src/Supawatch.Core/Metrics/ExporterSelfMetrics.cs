using Prometheus;

namespace Supawatch.Metrics;

/// <summary>How the exporter's own collection performs: stats sweeps, tenant DB reads, renders.</summary>
public sealed class ExporterSelfMetrics
{
    public ExporterSelfMetrics(CollectorRegistry registry)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(registry);
        f.CreateGauge("supawatch_build_info", "Always 1; the version, git revision and runtime (nativeaot or jit, with .NET's version) of this Supawatch.",
            "version", "revision", "runtime").WithLabels(BuildInfo.Version, BuildInfo.Revision, BuildInfo.Runtime).Set(1);
        StatsSweepSeconds = f.CreateHistogram("supawatch_stats_sweep_duration_seconds", "Time of one Docker stats sweep over running tenant containers.",
            new HistogramConfiguration { Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] });
        StatsErrors = f.CreateCounter("supawatch_stats_errors_total", "Container stats reads that failed, by reason (timeout, error, no_cgroup).", "reason");
        StatsReads = f.CreateCounter("supawatch_stats_reads_total", "Container stats read, by source: cgroup (the container's cgroup files) or api (the engine's stats API).", "source");
        StatsLastSuccess = f.CreateGauge("supawatch_stats_last_sweep_timestamp_seconds", "Unix time the last stats sweep finished.");
        TenantDbSweepSeconds = f.CreateHistogram("supawatch_tenant_db_sweep_duration_seconds", "Time of one sweep over the tenant databases.",
            new HistogramConfiguration { Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] });
        TenantDbErrors = f.CreateCounter("supawatch_tenant_db_errors_total", "Tenant database reads that failed, by reason (docs/metrics.md lists them).", "reason");
        TenantDbConnections = f.CreateGauge("supawatch_tenant_db_connections_open", "Connections Supawatch holds open to tenant databases (at most one each).");
        RenderSeconds = f.CreateHistogram("supawatch_metrics_render_duration_seconds", "Time to prepare one /metrics exposition.",
            new HistogramConfiguration { Buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });
        RenderTimestamp = f.CreateGauge("supawatch_metrics_render_timestamp_seconds",
            "Unix time this exposition was prepared; time() minus this is the age of what a scrape sees.");
    }

    public Histogram StatsSweepSeconds { get; }
    public Counter StatsErrors { get; }
    public Counter StatsReads { get; }
    public Gauge StatsLastSuccess { get; }
    public Histogram TenantDbSweepSeconds { get; }
    public Counter TenantDbErrors { get; }
    public Gauge TenantDbConnections { get; }
    public Histogram RenderSeconds { get; }
    public Gauge RenderTimestamp { get; }
}
