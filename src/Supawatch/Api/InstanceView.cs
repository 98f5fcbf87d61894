using Supawatch.Instances;
using Supawatch.Metrics;

namespace Supawatch.Api;

/// <summary>One instance in the operator API.</summary>
public sealed record InstanceView(
    string InstanceId,
    string Host,
    bool HostUp,
    string? OrgId,
    string? OrgName,
    string? ProjectName,
    string? ExpectedState,
    bool Running,
    DateTimeOffset? RunningSince,
    IReadOnlyList<string> MissingComponents,
    IReadOnlyList<ContainerView> Containers,
    DatabaseView? Database = null)
{
    public static InstanceView From(Instance instance, TenantDbStatus? database = null) => new(
        instance.InstanceId,
        instance.Host,
        instance.HostUp,
        instance.OrgId,
        instance.OrgName,
        instance.ProjectName,
        instance.ExpectedState,
        instance.IsRunning,
        instance.RunningSince,
        instance.MissingComponents,
        instance.Containers.Select(ContainerView.From).ToList(),
        database is null ? null : DatabaseView.From(database));
}
