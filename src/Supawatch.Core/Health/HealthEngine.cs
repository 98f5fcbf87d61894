using Microsoft.Extensions.Logging;
using Supawatch.Discovery;
using Supawatch.History;
using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>
/// One health round: plan checks from the inventory, run them, roll up and confirm statuses, then hand
/// the result to every output (history, metrics, health log, each <see cref="IHealthOutput"/> such as status.json) and publish the snapshot.
/// An output that fails is reported and skipped; it never stops the round. One round at a time.
/// </summary>
public sealed class HealthEngine(
    InventoryStore inventory,
    HealthPlanner planner,
    ProbeRunner runner,
    StatusRollup rollup,
    HistoryRecorder history,
    HealthStore store,
    HealthMetrics metrics,
    HealthLogFile logFile,
    IEnumerable<IHealthOutput> outputs,
    IMaintenanceCalendar maintenance,
    HealthOptions options,
    TimeProvider time,
    ILogger<HealthEngine> logger)
{
    private readonly StatusConfirmation _confirmation = new(options.FailureThreshold, options.SuccessThreshold);
    private IReadOnlyDictionary<string, int> _restartCounts = new Dictionary<string, int>();
    private bool _seeded;

    private readonly IHealthOutput[] _outputs = [.. outputs];

    public HealthLogFile LogFile => logFile;

    public string HistoryPath => history.Path;

    public async Task<HealthSnapshot> RunRoundAsync(CancellationToken cancellationToken)
    {
        SeedFromHistory();
        var started = time.GetTimestamp();
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var snapshot = inventory.Current;
        var checks = planner.Plan(snapshot);
        var results = await runner.RunAsync(checks, _restartCounts, cancellationToken);
        var now = time.GetUtcNow();

        var byInstance = results.ToLookup(r => r.InstanceId, StringComparer.Ordinal);
        var changes = new List<StatusChange>();
        var instances = new List<InstanceHealth>(snapshot.Instances.Length);
        foreach (var instance in snapshot.Instances)
        {
            var observed = rollup.Evaluate(instance, byInstance[instance.InstanceId]);
            if (observed.Status != HealthStatus.Stopped && maintenance.InMaintenance(instance.InstanceId, instance.OrgId, instance.Host, now))
            {
                // The checks still run and their results stay on the components; the instance's status says why it may be down.
                observed = observed with { Status = HealthStatus.Maintenance, Cause = "scheduled maintenance" };
            }

            var (confirmed, since, change) = _confirmation.Observe(instance.InstanceId, observed.Status, observed.Cause, now);
            if (change is not null)
            {
                changes.Add(change);
            }

            var cause = confirmed == HealthStatus.Up && observed.Status == HealthStatus.Up ? null : observed.Cause;
            instances.Add(new InstanceHealth(
                instance.InstanceId, instance.OrgId, instance.OrgName, instance.ProjectName,
                confirmed, observed.Status, since, cause, observed.Components) { Host = instance.Host, SloClass = instance.Metadata?.SloClass });
        }

        // Before Docker has answered once the inventory is empty, not the fleet: forgetting every instance then
        // would close open incidents that are still open. (Later Docker failures keep the last good inventory.)
        var inventoryKnown = snapshot.Sources.IsEmpty || snapshot.Sources.Any(s => s.Name == DiscoveryHealth.Docker && s.LastSuccess is not null);
        if (inventoryKnown)
        {
            changes.AddRange(_confirmation.ForgetAllBut(snapshot.Instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal), now));
        }

        _restartCounts = snapshot.Containers.GroupBy(c => c.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().RestartCount, StringComparer.Ordinal);

        var summary = history.Record(new HistoryRound(
            now,
            [.. instances.Select(i => new HistorySample(i.InstanceId, i.OrgId, i.Status, i.ResponseMs) { Slo = SloSampler.Of(i), SloClass = i.SloClass })],
            [.. changes]));
        var health = new HealthSnapshot
        {
            Round = store.Current.Round + 1,
            CheckedAt = now,
            RoundDuration = time.GetElapsedTime(started),
            RoundAllocatedBytes = GC.GetTotalAllocatedBytes() - allocatedBefore,
            Interval = options.Interval,
            Instances = [.. instances
                .OrderBy(i => i.OrgName ?? i.OrgId ?? "\uffff", StringComparer.OrdinalIgnoreCase)
                .ThenBy(i => i.ProjectName ?? i.InstanceId, StringComparer.OrdinalIgnoreCase)
                .ThenBy(i => i.InstanceId, StringComparer.Ordinal)],
            History = summary,
            HistoryState = history.State,
            Sources = snapshot.Sources,
        };

        metrics.Record(health, results);
        foreach (var change in changes)
        {
            metrics.Changed(change);
            HealthLog.Changed(logger, change.InstanceId, change.From.ToLabel(), change.To.ToLabel(), change.Cause ?? "-");
        }

        await WriteOutputsAsync(health, changes, cancellationToken);
        store.Publish(health);
        HealthLog.Round(logger, health.Round, checks.Count, instances.Count, (long)health.RoundDuration.TotalMilliseconds,
            instances.Count(i => i.Status == HealthStatus.Up), instances.Count(i => i.Status == HealthStatus.Degraded),
            instances.Count(i => i.Status == HealthStatus.Down), instances.Count(i => i.Status == HealthStatus.Stopped));
        return health;
    }

    private void SeedFromHistory()
    {
        if (_seeded)
        {
            return;
        }

        // Continue from the last recorded statuses, so a restart neither re-opens nor silently closes incidents.
        foreach (var (instanceId, (status, since)) in history.Load().LastStatus)
        {
            if (status != HealthStatus.Unknown)
            {
                _confirmation.Seed(instanceId, status, since);
            }
        }

        _seeded = true;
    }

    private async Task WriteOutputsAsync(HealthSnapshot health, List<StatusChange> changes, CancellationToken cancellationToken)
    {
        try
        {
            await logFile.AppendAsync(changes, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            HealthLog.WriteFailed(logger, logFile.Path, ex.Message);
        }

        foreach (var output in _outputs)
        {
            await output.WriteAsync(health, cancellationToken);
        }
    }
}
