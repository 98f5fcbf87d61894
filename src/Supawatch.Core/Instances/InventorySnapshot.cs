using System.Collections.Immutable;

namespace Supawatch.Instances;

/// <summary>
/// The whole fleet at one moment: immutable, published whole and replaced whole.
/// Every consumer (metrics, health, SD files, status page) reads only this.
/// </summary>
public sealed record InventorySnapshot
{
    public static InventorySnapshot Empty { get; } = new() { TakenAt = DateTimeOffset.MinValue };

    /// <summary>Increases by one with every published snapshot.</summary>
    public long Version { get; init; }

    public required DateTimeOffset TakenAt { get; init; }

    /// <summary>Instances ordered by id (ordinal).</summary>
    public ImmutableArray<Instance> Instances { get; init; } = [];

    public InventoryDrift Drift { get; init; } = InventoryDrift.None;

    public ImmutableArray<SourceStatus> Sources { get; init; } = [];

    /// <summary>False until every enabled source has succeeded once.</summary>
    public bool IsComplete { get; init; }

    public int ContainerCount => Instances.Sum(i => i.Containers.Length);

    public IEnumerable<ContainerInfo> Containers => Instances.SelectMany(i => i.Containers);

    public Instance? Find(string instanceId) =>
        Instances.FirstOrDefault(i => string.Equals(i.InstanceId, instanceId, StringComparison.Ordinal));
}
