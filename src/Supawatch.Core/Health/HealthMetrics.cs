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
    private readonly Gauge _checkUp;
    private readonly Gauge _checkDuration;
    private readonly Gauge _instanceStatus;
    private readonly Gauge _dbConnections;
    private readonly Gauge _restarts;
    private readonly Histogram _roundSeconds;
    private readonly Gauge _roundChecks;
    private readonly Gauge _lastRound;
    private readonly Gauge _historyUp;
    private readonly Gauge _historyErrors;
    private readonly Gauge _historyPending;
    private readonly Counter _statusChanges;
    private readonly Lock _lock = new();
    private HashSet<(string, string, string)> _checks = [];
    private HashSet<string> _instances = new(StringComparer.Ordinal);
    private HashSet<string> _databases = new(StringComparer.Ordinal);
    private HashSet<(string, string)> _containers = [];

    private readonly RenderSignal? _changed;

    /// <param name="changed">Tells the /metrics renderer a round finished, so scrapes see it at once.</param>
    public HealthMetrics(CollectorRegistry registry, RenderSignal? changed = null)
    {
        _changed = changed;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _checkUp = factory.CreateGauge(
            "supabase_health_check_up", "1 when the check passed in the last round, 0 when it failed.", "instance_id", "component", "check");
        _checkDuration = factory.CreateGauge(
            "supabase_health_check_duration_seconds", "How long the check took in the last round.", "instance_id", "component", "check");
        _instanceStatus = factory.CreateGauge(
            "supabase_instance_health_status",
            "Confirmed instance status: 0 unknown, 1 up, 2 degraded, 3 down, 4 stopped on purpose.", "instance_id");
        _dbConnections = factory.CreateGauge(
            "supabase_health_db_connections", "Connections on the tenant database (pg_stat_activity), when credentials are configured.", "instance_id");
        _restarts = factory.CreateGauge(
            "supabase_health_container_restarts", "The container's restart count as Docker reports it.", "instance_id", "component");
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
            var seenChecks = new HashSet<(string, string, string)>();
            var seenDatabases = new HashSet<string>(StringComparer.Ordinal);
            var seenContainers = new HashSet<(string, string)>();
            foreach (var check in checks)
            {
                if (check.RestartCount is { } restarts)
                {
                    _restarts.WithLabels(check.InstanceId, check.Component).Set(restarts);
                    seenContainers.Add((check.InstanceId, check.Component));
                }

                if (check.Connections is { } connections)
                {
                    _dbConnections.WithLabels(check.InstanceId).Set(connections);
                    seenDatabases.Add(check.InstanceId);
                }

                if (check.Status == HealthStatus.Unknown)
                {
                    continue;
                }

                var key = (check.InstanceId, check.Component, check.Check);
                seenChecks.Add(key);
                _checkUp.WithLabels(check.InstanceId, check.Component, check.Check).Set(check.Status == HealthStatus.Up ? 1 : 0);
                _checkDuration.WithLabels(check.InstanceId, check.Component, check.Check).Set(check.Duration.TotalSeconds);
            }

            var seenInstances = new HashSet<string>(StringComparer.Ordinal);
            foreach (var instance in snapshot.Instances)
            {
                _instanceStatus.WithLabels(instance.InstanceId).Set((int)instance.Status);
                seenInstances.Add(instance.InstanceId);
            }

            foreach (var (instance, component, check) in _checks.Except(seenChecks))
            {
                _checkUp.RemoveLabelled(instance, component, check);
                _checkDuration.RemoveLabelled(instance, component, check);
            }

            foreach (var instance in _instances.Except(seenInstances))
            {
                _instanceStatus.RemoveLabelled(instance);
            }

            foreach (var instance in _databases.Except(seenDatabases))
            {
                _dbConnections.RemoveLabelled(instance);
            }

            foreach (var (instance, component) in _containers.Except(seenContainers))
            {
                _restarts.RemoveLabelled(instance, component);
            }

            (_checks, _instances, _databases, _containers) = (seenChecks, seenInstances, seenDatabases, seenContainers);
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
