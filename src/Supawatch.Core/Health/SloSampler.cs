using Supawatch.History;
using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>
/// A round's error-budget event for one instance (docs/slo.md, "What counts as good and bad"), from the round's raw
/// check results — the same inputs, and the same condition, as the recording rule
/// <c>instance_id:supabase_slo_unavailable:sample</c> reads from <c>/metrics</c>. So the history's budget and PromQL's
/// count the same events; they differ only by when each samples (a round against a rule evaluation).
/// </summary>
public static class SloSampler
{
    private const string Kong = "kong";

    /// <summary>
    /// <see cref="SloEvent.None"/> when stopped on purpose (the master DB's state, <c>supabase_instance_expected_up</c> 0)
    /// or in maintenance (the confirmed status, <c>supabase_instance_health_status</c> 5); <see cref="SloEvent.Bad"/> when
    /// no container of it runs, every network check of it fails, a check of its Kong fails, or an API check fails;
    /// else <see cref="SloEvent.Good"/>.
    /// </summary>
    public static SloEvent Of(InstanceHealth instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Observed == HealthStatus.Stopped || instance.Status == HealthStatus.Maintenance)
        {
            return SloEvent.None;
        }

        if (instance.Components.All(c => c.Checks.All(check => check.Status == HealthStatus.Unknown)))
        {
            // Nothing was checked: an instance without containers is down; one not checked yet is not monitored.
            return instance.Observed == HealthStatus.Down ? SloEvent.Bad : SloEvent.None;
        }

        bool anyRuns = false, anyNetwork = false, anyNetworkUp = false, kongFails = false, apiFails = false;
        foreach (var component in instance.Components)
        {
            foreach (var check in component.Checks)
            {
                if (check.Status == HealthStatus.Unknown)
                {
                    continue;
                }

                // supabase_health_check_up is 1 only for a check that is up; a degraded check (Docker: unhealthy) exports 0.
                var up = check.Status == HealthStatus.Up;
                if (check.Check == CheckNames.Container)
                {
                    // supabase_docker_container_status: 1 while the container runs, healthy or not.
                    anyRuns |= check.Status is HealthStatus.Up or HealthStatus.Degraded;
                }
                else
                {
                    anyNetwork = true;
                    anyNetworkUp |= up;
                }

                kongFails |= !up && string.Equals(check.Component, Kong, StringComparison.Ordinal);
                apiFails |= !up && check.Check == CheckNames.Api;
            }
        }

        var unavailable = !anyRuns || (anyNetwork && !anyNetworkUp) || kongFails || apiFails;
        return unavailable ? SloEvent.Bad : SloEvent.Good;
    }
}
