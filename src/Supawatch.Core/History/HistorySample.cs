using Supawatch.Instances;

namespace Supawatch.History;

/// <summary>One instance's confirmed status in one round: one tick of its uptime.</summary>
/// <param name="ResponseMs">Mean response time of its network checks this round, or null.</param>
public sealed record HistorySample(string InstanceId, string? OrgId, HealthStatus Status, double? ResponseMs)
{
    /// <summary>The round's error-budget event, from the raw checks as the SLO recording rule sees them (not the confirmed status).</summary>
    public SloEvent Slo { get; init; }

    /// <summary>The master DB's <c>slo_class</c> this round: kept with the counts so <c>slo report</c> applies the objective status.json applies.</summary>
    public string? SloClass { get; init; }
}
