using Prometheus;
using Supawatch.History;
using Supawatch.Instances;
using Supawatch.Metrics;

namespace Supawatch.Health;

/// <summary>
/// Every health metric, in one place. Per-instance series are written by each /metrics render from the last
/// round (nothing runs at scrape time), so an instance or check that leaves the inventory leaves no series.
/// Labels come only from bounded sets: instance ids from the inventory, component names from configuration,
/// the three check kinds.
/// </summary>
public sealed class HealthMetrics : ITenantSeries
{
    private const string I = "instance_id";
    private const string H = "host";

    private static readonly MetricFamily CheckUp = new(
        "supabase_health_check_up", "1 when the check passed in the last round, 0 when it failed.", MetricType.Gauge, I, "component", "check", H);
    private static readonly MetricFamily CheckDuration = new(
        "supabase_health_check_duration_seconds", "How long the check took in the last round.", MetricType.Gauge, I, "component", "check", H);
    private static readonly MetricFamily InstanceStatus = new(
        "supabase_instance_health_status",
        "Confirmed instance status: 0 unknown, 1 up, 2 degraded, 3 down, 4 stopped on purpose.", MetricType.Gauge, I, H);
    private static readonly MetricFamily DbConnections = new(
        "supabase_health_db_connections", "Connections on the tenant database (pg_stat_activity), when credentials are configured.", MetricType.Gauge, I, H);

    private readonly Histogram _roundSeconds;
    private readonly Gauge _roundChecks;
    private readonly Gauge _roundAllocated;
    private readonly Gauge _lastRound;
    private readonly Gauge _historyUp;
    private readonly Counter _historyErrors;
    private readonly Gauge _historyPending;
    private readonly Counter _statusChanges;
    private readonly Lock _lock = new();
    private LastRound _last = new(HealthSnapshot.Empty, []);

    private readonly RenderSignal? _changed;

    /// <param name="changed">Tells the /metrics renderer a round finished, so scrapes see it at once.</param>
    public HealthMetrics(CollectorRegistry registry, RenderSignal? changed = null)
    {
        _changed = changed;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _roundSeconds = factory.CreateHistogram(
            "supawatch_health_round_duration_seconds", "Wall time of one health round.",
            new HistogramConfiguration { Buckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] });
        _roundChecks = factory.CreateGauge("supawatch_health_round_checks", "Checks run in the last round.");
        _roundAllocated = factory.CreateGauge(
            "supawatch_health_round_allocated_bytes", "Bytes the whole process allocated during the last health round (GC.GetTotalAllocatedBytes).");
        _lastRound = factory.CreateGauge("supawatch_health_last_round_timestamp_seconds", "Unix time the last health round finished.");
        _historyUp = factory.CreateGauge("supawatch_health_history_store_up", "1 when the last write to the history store succeeded.");
        _historyErrors = factory.CreateCounter("supawatch_health_history_store_errors_total", "Failed history store attempts since Supawatch started.");
        _historyPending = factory.CreateGauge("supawatch_health_history_pending_rounds", "Completed rounds held in memory until the history store accepts them.");
        _statusChanges = factory.CreateCounter("supawatch_health_status_changes_total", "Confirmed instance status changes.", "to");
    }

    public void Record(HealthSnapshot snapshot, IReadOnlyList<CheckResult> checks)
    {
        lock (_lock)
        {
            Volatile.Write(ref _last, new LastRound(snapshot, checks));
            _roundSeconds.Observe(snapshot.RoundDuration.TotalSeconds);
            _roundChecks.Set(checks.Count);
            _roundAllocated.Set(snapshot.RoundAllocatedBytes);
            _lastRound.Set((snapshot.CheckedAt ?? DateTimeOffset.UnixEpoch).ToUnixTimeMilliseconds() / 1000.0);
            RecordHistory(snapshot.HistoryState);
        }

        _changed?.Notify();
    }

    /// <summary>The last round's per-instance and per-check series; every one carries the instance's Docker host.</summary>
    public void Write(ExpositionWriter writer)
    {
        var (snapshot, checks) = Volatile.Read(ref _last);
        var hosts = new Dictionary<string, string>(snapshot.Instances.Length, StringComparer.Ordinal);
        writer.Family(InstanceStatus);
        foreach (var instance in snapshot.Instances)
        {
            hosts.TryAdd(instance.InstanceId, instance.Host);
            writer.Sample(InstanceStatus, (int)instance.Status, instance.InstanceId, instance.Host);
        }

        writer.Family(CheckUp);
        foreach (var check in checks)
        {
            if (check.Status != HealthStatus.Unknown)
            {
                writer.Sample(CheckUp, check.Status == HealthStatus.Up ? 1 : 0, check.InstanceId, check.Component, check.Check, HostOf(check));
            }
        }

        writer.Family(CheckDuration);
        foreach (var check in checks)
        {
            if (check.Status != HealthStatus.Unknown && check.Tried)
            {
                writer.Sample(CheckDuration, check.Duration.TotalSeconds, check.InstanceId, check.Component, check.Check, HostOf(check));
            }
        }

        writer.Family(DbConnections);
        foreach (var check in checks)
        {
            if (check.Connections is { } connections)
            {
                writer.Sample(DbConnections, connections, check.InstanceId, HostOf(check));
            }
        }

        string HostOf(CheckResult check) => hosts.GetValueOrDefault(check.InstanceId, "default");
    }

    public void Changed(StatusChange change) => _statusChanges.WithLabels(change.To.ToLabel()).Inc();

    private void RecordHistory(HistoryState state)
    {
        _historyUp.Set(state.Ok ? 1 : 0);
        _historyErrors.IncTo(state.Errors);
        _historyPending.Set(state.PendingRounds);
    }

    private sealed record LastRound(HealthSnapshot Snapshot, IReadOnlyList<CheckResult> Checks);
}
