using Prometheus;
using Supawatch.Metrics;
using Supawatch.History;

namespace Supawatch.Health;

/// <summary>
/// Every health metric, in one place. Per-instance series are set once per round (nothing runs at scrape
/// time) and removed when the instance or check leaves the inventory. Labels come only from bounded
/// sets: instance ids from the inventory, component names from configuration, the three check kinds.
/// </summary>
public sealed class HealthMetrics
{
    private readonly TrackedGauge _checkUp;
    private readonly TrackedGauge _checkDuration;
    private readonly TrackedGauge _instanceStatus;
    private readonly TrackedGauge _dbConnections;
    private readonly Histogram _roundSeconds;
    private readonly Gauge _roundChecks;
    private readonly Gauge _lastRound;
    private readonly Gauge _historyUp;
    private readonly Gauge _historyErrors;
    private readonly Gauge _historyPending;
    private readonly Counter _statusChanges;
    private readonly Lock _lock = new();

    private readonly RenderSignal? _changed;

    /// <param name="changed">Tells the /metrics renderer a round finished, so scrapes see it at once.</param>
    public HealthMetrics(CollectorRegistry registry, RenderSignal? changed = null)
    {
        _changed = changed;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _checkUp = new(factory.CreateGauge(
            "supabase_health_check_up", "1 when the check passed in the last round, 0 when it failed.", "instance_id", "component", "check", "host"));
        _checkDuration = new(factory.CreateGauge(
            "supabase_health_check_duration_seconds", "How long the check took in the last round.", "instance_id", "component", "check", "host"));
        _instanceStatus = new(factory.CreateGauge(
            "supabase_instance_health_status",
            "Confirmed instance status: 0 unknown, 1 up, 2 degraded, 3 down, 4 stopped on purpose.", "instance_id", "host"));
        _dbConnections = new(factory.CreateGauge(
            "supabase_health_db_connections", "Connections on the tenant database (pg_stat_activity), when credentials are configured.", "instance_id", "host"));
        _roundSeconds = factory.CreateHistogram(
            "supawatch_health_round_duration_seconds", "Wall time of one health round.",
            new HistogramConfiguration { Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] });
        _roundChecks = factory.CreateGauge("supawatch_health_round_checks", "Checks run in the last round.");
        _lastRound = factory.CreateGauge("supawatch_health_last_round_timestamp_seconds", "Unix time the last health round finished.");
        _historyUp = factory.CreateGauge("supawatch_health_history_store_up", "1 when the last write to the history store succeeded.");
        _historyErrors = factory.CreateGauge("supawatch_health_history_store_errors", "Failed history store attempts since Supawatch started.");
        _historyPending = factory.CreateGauge("supawatch_health_history_pending_rounds", "Completed rounds held in memory until the history store accepts them.");
        _statusChanges = factory.CreateCounter("supawatch_health_status_changes_total", "Confirmed instance status changes.", "to");
    }

    public void Record(HealthSnapshot snapshot, IReadOnlyList<CheckResult> checks)
    {
        lock (_lock)
        {
            // Every series carries the instance's Docker host, like the exporter's (DOCKER_HOSTS).
            var hosts = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var instance in snapshot.Instances)
            {
                hosts.TryAdd(instance.InstanceId, instance.Host);
                _instanceStatus.Set((int)instance.Status, instance.InstanceId, instance.Host);
            }

            foreach (var check in checks)
            {
                var host = hosts.GetValueOrDefault(check.InstanceId, "default");
                if (check.Connections is { } connections)
                {
                    _dbConnections.Set(connections, check.InstanceId, host);
                }

                if (check.Status != HealthStatus.Unknown)
                {
                    _checkUp.Set(check.Status == HealthStatus.Up ? 1 : 0, check.InstanceId, check.Component, check.Check, host);
                    _checkDuration.Set(check.Duration.TotalSeconds, check.InstanceId, check.Component, check.Check, host);
                }
            }

            foreach (var family in new[] { _checkUp, _checkDuration, _instanceStatus, _dbConnections })
            {
                family.RemoveUnset();
            }

            _roundSeconds.Observe(snapshot.RoundDuration.TotalSeconds);
            _roundChecks.Set(checks.Count);
            _lastRound.Set((snapshot.CheckedAt ?? DateTimeOffset.UnixEpoch).ToUnixTimeMilliseconds() / 1000.0);
            RecordHistory(snapshot.HistoryState);
        }

        _changed?.Notify();
    }

    public void Changed(StatusChange change) => _statusChanges.WithLabels(change.To.ToLabel()).Inc();

    private void RecordHistory(HistoryState state)
    {
        _historyUp.Set(state.Ok ? 1 : 0);
        _historyErrors.Set(state.Errors);
        _historyPending.Set(state.PendingRounds);
    }
}
