namespace Supawatch.History;

/// <summary>One instance's rounds per status over a period of whole UTC days (<see cref="HistoryStore.ReadPeriod"/>).</summary>
/// <param name="OrgId">Its organization at its last recorded round in the period.</param>
public sealed record PeriodUptime(string InstanceId, string? OrgId, UptimeCounts Counts)
{
    /// <summary>Its master-DB <c>slo_class</c> at its last recorded round in the period, which may choose its objective.</summary>
    public string? SloClass { get; init; }
}
