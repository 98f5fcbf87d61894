using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>One check of a component in the last round.</summary>
public sealed record StatusCheck(string Check, HealthStatus Status, double DurationMs, string Reason, int? RestartCount);
