namespace Supawatch.Instances;

/// <summary>A confirmed change of an instance's status: what the health log and history record.</summary>
public sealed record StatusChange(string InstanceId, HealthStatus From, HealthStatus To, DateTimeOffset At, string? Cause);
