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

    /// <summary>
    /// The optional <c>anon_key</c> column: the tenant's anon key for the API checks through Kong
    /// (<c>SUPAWATCH_API_KEY_SOURCE</c>). Hidden when printed, as every <see cref="Instances.AnonKey"/>.
    /// </summary>
    public AnonKey? AnonKey { get; init; }
}
