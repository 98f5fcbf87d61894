using System.Collections.Immutable;
using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>An instance's confirmed health after a round, with the tenant names the status page groups by.</summary>
/// <param name="Status">The confirmed status (after confirmation); what the page, metrics and history report.</param>
/// <param name="Observed">What this round alone saw, before confirmation.</param>
/// <param name="Since">When <see cref="Status"/> began (as far as this process or the history store knows).</param>
/// <param name="Cause">Why the instance is not up, in public-safe words; null when up.</param>
public sealed record InstanceHealth(
    string InstanceId,
    string? OrgId,
    string? OrgName,
    string? ProjectName,
    HealthStatus Status,
    HealthStatus Observed,
    DateTimeOffset Since,
    string? Cause,
    ImmutableArray<ComponentHealth> Components)
{
    /// <summary>The Docker host (a <c>DOCKER_HOSTS</c> name) the instance runs on.</summary>
    public string Host { get; init; } = "default";

    /// <summary>The master DB's <c>slo_class</c> (a plan), which may choose its availability objective (docs/slo.md).</summary>
    public string? SloClass { get; init; }

    /// <summary>Mean response time of this round's network checks, or null when none answered.</summary>
    public double? ResponseMs
    {
        get
        {
            var times = Components.Select(c => c.ResponseTime).OfType<TimeSpan>().ToList();
            return times.Count == 0 ? null : times.Average(t => t.TotalMilliseconds);
        }
    }
}
