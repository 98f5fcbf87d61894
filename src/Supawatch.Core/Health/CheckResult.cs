using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>The outcome of one check in one round, safe to publish (no addresses).</summary>
/// <param name="RestartCount">The container's restart count (container checks).</param>
/// <param name="Connections">Database connections (credentialed database checks).</param>
public sealed record CheckResult(
    string InstanceId,
    string Component,
    string Check,
    HealthStatus Status,
    TimeSpan Duration,
    string Reason,
    int? RestartCount = null,
    long? Connections = null)
{
    /// <summary>False when the check was reported down without being tried: it has no duration to publish.</summary>
    public bool Tried { get; init; } = true;
}
