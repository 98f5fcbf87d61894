namespace Supawatch.Instances;

/// <summary>What the master database knows about an instance: its organization, project and expected state.</summary>
public sealed record InstanceMetadata(
    string InstanceId,
    string? OrgId,
    string? OrgName,
    string? ProjectName,
    string? ExpectedState)
{
    /// <summary>The optional <c>slo_class</c> column (a plan, say): picks the instance's objective (docs/slo.md).</summary>
    public string? SloClass { get; init; }
}
