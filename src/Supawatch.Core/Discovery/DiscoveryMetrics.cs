using Prometheus;

namespace Supawatch.Discovery;

/// <summary>How discovery itself performs: reconcile durations and event throughput.</summary>
public sealed class DiscoveryMetrics
{
    private readonly Histogram _reconcileSeconds;
    private readonly Counter _events;
    private readonly Histogram _eventBatchSeconds;
    private readonly Gauge _sourceUp;
    private readonly Gauge _sourceLastSuccess;
    private readonly Counter _sourceErrors;
    private readonly Gauge _snapshotTimestamp;
    private readonly Gauge _targetsFileUp;
    private readonly Counter _targetsFileErrors;
    private readonly Gauge _reloadUp;
    private readonly Counter _reloadErrors;

    public DiscoveryMetrics(CollectorRegistry registry, DiscoveryOptions options)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var shard = options.ShardSpec;
        factory.CreateGauge("supawatch_shard_info", "Always 1; this replica watches the instances whose id hashes to shard modulo shards (SUPAWATCH_SHARD).", "shard", "shards")
            .WithLabels(shard.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), shard.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Set(1);
        _reconcileSeconds = factory.CreateHistogram(
            "supawatch_discovery_reconcile_duration_seconds",
            "Time of one full discovery reconcile (Docker list and inspect, master DB query).",
            new HistogramConfiguration { Buckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30] });
        _events = factory.CreateCounter(
            "supawatch_discovery_container_events_total",
            "Docker container events that changed the inventory.");
        _eventBatchSeconds = factory.CreateHistogram(
            "supawatch_discovery_event_batch_duration_seconds",
            "Time to apply one batch of Docker events to the inventory.",
            new HistogramConfiguration { Buckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5] });
        _sourceUp = factory.CreateGauge(
            "supawatch_source_up", "1 when the discovery source's last attempt succeeded, 0 when it failed or never ran; host names the Docker host (empty for master_db).", "source", "host");
        _sourceLastSuccess = factory.CreateGauge(
            "supawatch_source_last_success_timestamp_seconds", "Unix time of the source's last success.", "source", "host");
        _sourceErrors = factory.CreateCounter(
            "supawatch_source_errors_total", "Failed attempts of the source since Supawatch started.", "source", "host");
        _snapshotTimestamp = factory.CreateGauge(
            "supawatch_inventory_snapshot_timestamp_seconds", "Unix time the current inventory snapshot was taken.");
        // Absent until the first attempt: a 0 before anything was tried would read as a failure.
        _targetsFileUp = factory.CreateGauge(
            "supawatch_targets_file_up", "1 when the last write of instances.json succeeded, 0 while writes fail (the last good file is kept).",
            new GaugeConfiguration { SuppressInitialValue = true });
        _targetsFileErrors = factory.CreateCounter(
            "supawatch_targets_file_write_errors_total", "Failed writes of instances.json since Supawatch started.");
        _reloadUp = factory.CreateGauge(
            "supawatch_prometheus_reload_up", "1 when the last Prometheus reload succeeded, 0 while it fails and is retried; absent before the first.",
            new GaugeConfiguration { SuppressInitialValue = true });
        _reloadErrors = factory.CreateCounter(
            "supawatch_prometheus_reload_errors_total", "Failed Prometheus reloads since Supawatch started.");
    }

    /// <summary>A write of instances.json succeeded (true) or failed (false).</summary>
    public void TargetsWritten(bool ok)
    {
        _targetsFileUp.Set(ok ? 1 : 0);
        if (!ok)
        {
            _targetsFileErrors.Inc();
        }
    }

    /// <summary>A Prometheus reload succeeded (true) or failed (false).</summary>
    public void Reloaded(bool ok)
    {
        _reloadUp.Set(ok ? 1 : 0);
        if (!ok)
        {
            _reloadErrors.Inc();
        }
    }

    /// <summary>Records the sources' state as of a newly published snapshot (not at scrape time).</summary>
    public void Published(Instances.InventorySnapshot snapshot)
    {
        foreach (var source in snapshot.Sources.Where(s => s.Enabled))
        {
            var host = source.Host ?? "";
            _sourceUp.WithLabels(source.Name, host).Set(source.Up ? 1 : 0);
            _sourceErrors.WithLabels(source.Name, host).IncTo(source.Errors);
            if (source.LastSuccess is { } success)
            {
                _sourceLastSuccess.WithLabels(source.Name, host).Set(success.ToUnixTimeMilliseconds() / 1000.0);
            }
        }

        _snapshotTimestamp.Set(snapshot.TakenAt.ToUnixTimeMilliseconds() / 1000.0);
    }

    public void Reconciled(TimeSpan elapsed) => _reconcileSeconds.Observe(elapsed.TotalSeconds);

    public void EventsApplied(int count, TimeSpan elapsed)
    {
        _events.Inc(count);
        _eventBatchSeconds.Observe(elapsed.TotalSeconds);
    }
}
