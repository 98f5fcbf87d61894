namespace Supawatch.Instances;

/// <summary>What the master database knows about an instance: its organization, project and expected state.</summary>
public sealed record InstanceMetadata(
    string InstanceId,
    string? OrgId,
    string? OrgName,
    string? ProjectName,
    string? ExpectedState);
