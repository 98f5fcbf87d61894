using System.Collections.Immutable;
using Supawatch.Common;
using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>
/// Rolls check results up to components and components up to the instance:
/// stopped on purpose (master DB) beats everything; a critical component down (or missing) makes it down;
/// any other component down, or anything degraded, makes it degraded; nothing known makes it unknown.
/// </summary>
public sealed class StatusRollup(HealthOptions options)
{
    private readonly HashSet<string> _critical = new(options.CriticalComponentList, StringComparer.Ordinal);
    private readonly StoppedStates _stoppedStates = options.StoppedStateSet;
    private readonly bool _apiFailureIsDown = options.ApiFailureIsDown;

    public Rollup Evaluate(Instance instance, IEnumerable<CheckResult> results)
    {
        var components = results
            .GroupBy(r => r.Component, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ComponentHealth(g.Key, Worst(g), [.. g]))
            .ToImmutableArray();

        if (instance.ExpectedState is { } expected && _stoppedStates.Contains(expected))
        {
            // Containers of a project paused on purpose are expected to be down: say stopped, not down.
            var stopped = components
                .Select(c => c.Status == HealthStatus.Down ? c with { Status = HealthStatus.Stopped } : c)
                .ToImmutableArray();
            return new(HealthStatus.Stopped, $"project is {SafeText.Printable(expected)} in the master DB", stopped);
        }

        if (instance.Containers.IsEmpty)
        {
            return new(HealthStatus.Down, "no containers", components);
        }

        var causes = new List<string>();
        var status = HealthStatus.Unknown;
        foreach (var missing in instance.MissingComponents)
        {
            var missingStatus = _critical.Contains(missing) ? HealthStatus.Down : HealthStatus.Degraded;
            status = HealthStatuses.Worst(status, missingStatus);
            causes.Add($"{missing}: no container");
        }

        foreach (var component in components)
        {
            // A service failing through Kong (an API check) is as bad as SUPAWATCH_API_CHECK_FAILURE says.
            var critical = _critical.Contains(component.Component)
                || (_apiFailureIsDown && component.Checks.Any(c => c.Check == CheckNames.Api && c.Status == HealthStatus.Down));
            var effective = component.Status == HealthStatus.Down && !critical
                ? HealthStatus.Degraded
                : component.Status;
            status = HealthStatuses.Worst(status, effective);
            if (component.Status is HealthStatus.Down or HealthStatus.Degraded)
            {
                var failing = component.Checks.Where(c => c.Status == component.Status).Select(c => c.Reason).Distinct();
                causes.Add($"{component.Component}: {string.Join(", ", failing)}");
            }
        }

        return new(status, causes.Count == 0 ? null : string.Join("; ", causes), components);
    }

    private static HealthStatus Worst(IEnumerable<CheckResult> checks) =>
        checks.Aggregate(HealthStatus.Unknown, (worst, check) => HealthStatuses.Worst(worst, check.Status));
}
