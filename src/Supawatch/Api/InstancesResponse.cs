using Supawatch.Instances;
using Supawatch.Metrics;
using Supawatch.Targets;

namespace Supawatch.Api;

/// <summary>The <c>/api/v1/instances</c> document: the inventory, its drift, each source's and each Docker host's state.</summary>
public sealed record InstancesResponse(
    long Version,
    DateTimeOffset TakenAt,
    bool Complete,
    IReadOnlyList<SourceStatus> Sources,
    IReadOnlyList<HostView> Hosts,
    TargetsStatus Targets,
    InventoryDrift Drift,
    int InstanceCount,
    int ContainerCount,
    IReadOnlyList<InstanceView> Instances)
{
    /// <param name="databases">The tenant database sweep's statuses by instance id; null when it does not run.</param>
    public static InstancesResponse From(InventorySnapshot snapshot, TargetsStatus targets, IReadOnlyDictionary<string, TenantDbStatus>? databases = null) => new(
        snapshot.Version,
        snapshot.TakenAt,
        snapshot.IsComplete,
        snapshot.Sources,
        HostView.From(snapshot),
        targets,
        snapshot.Drift,
        snapshot.Instances.Length,
        snapshot.ContainerCount,
        snapshot.Instances.Select(i => InstanceView.From(i, databases?.GetValueOrDefault(i.InstanceId))).ToList());
}
