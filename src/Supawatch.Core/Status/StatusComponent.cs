using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>One component of an instance in the last round.</summary>
public sealed record StatusComponent(string Component, HealthStatus Status, double? ResponseMs, IReadOnlyList<StatusCheck> Checks);
