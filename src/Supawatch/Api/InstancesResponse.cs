using Supawatch.Instances;
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
    public static InstancesResponse From(InventorySnapshot snapshot, TargetsStatus targets) => new(
        snapshot.Version,
        snapshot.TakenAt,
        snapshot.IsComplete,
        snapshot.Sources,
        HostView.From(snapshot),
        targets,
        snapshot.Drift,
        snapshot.Instances.Length,
        snapshot.ContainerCount,
        snapshot.Instances.Select(InstanceView.From).ToList());
}
