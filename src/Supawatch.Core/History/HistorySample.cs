using Supawatch.Instances;

namespace Supawatch.History;

/// <summary>One instance's confirmed status in one round: one tick of its uptime.</summary>
/// <param name="ResponseMs">Mean response time of its network checks this round, or null.</param>
public sealed record HistorySample(string InstanceId, string? OrgId, HealthStatus Status, double? ResponseMs);
