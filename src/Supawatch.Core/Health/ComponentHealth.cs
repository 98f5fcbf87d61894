using System.Collections.Immutable;
using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>One component of an instance (kong, studio, db…) and the checks behind its status.</summary>
public sealed record ComponentHealth(string Component, HealthStatus Status, ImmutableArray<CheckResult> Checks)
{
    /// <summary>The longest network check's duration (the response time shown on the status page), or null.</summary>
    public TimeSpan? ResponseTime => Checks
        .Where(c => c.Check != CheckNames.Container && c.Status != HealthStatus.Unknown && c.Tried)
        .Select(c => (TimeSpan?)c.Duration)
        .Max();
}
