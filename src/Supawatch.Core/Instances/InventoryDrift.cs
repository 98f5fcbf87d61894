using System.Collections.Immutable;

namespace Supawatch.Instances;

/// <summary>Where Docker and the master database disagree.</summary>
/// <param name="WithoutContainers">Instance ids the master database lists but no container carries.</param>
/// <param name="WithoutMetadata">Instance ids that have containers but no master-database row.</param>
/// <param name="MissingComponents">Instance ids that lack one or more expected components.</param>
public sealed record InventoryDrift(
    ImmutableArray<string> WithoutContainers,
    ImmutableArray<string> WithoutMetadata,
    ImmutableArray<string> MissingComponents)
{
    public static InventoryDrift None { get; } = new([], [], []);
}
