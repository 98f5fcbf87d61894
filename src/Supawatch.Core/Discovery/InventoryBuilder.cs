using System.Collections.Immutable;
using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>Merges what Docker and the master database say into one <see cref="InventorySnapshot"/>.</summary>
public static class InventoryBuilder
{
    /// <param name="metadata">Null when the master database is disabled or has never answered: no metadata drift is claimed then.</param>
    public static InventorySnapshot Build(
        IEnumerable<ContainerInfo> containers,
        IReadOnlyDictionary<string, InstanceMetadata>? metadata,
        IReadOnlyList<string> expectedComponents,
        ImmutableArray<SourceStatus> sources,
        long version,
        DateTimeOffset takenAt,
        bool isComplete)
    {
        var byInstance = containers
            .GroupBy(c => c.InstanceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        // A host whose last read failed: its containers are the last good ones, and its instances say so.
        var downHosts = DownHosts(sources);

        var ids = new SortedSet<string>(byInstance.Keys, StringComparer.Ordinal);
        if (metadata is not null)
        {
            ids.UnionWith(metadata.Keys);
        }

        var instances = ImmutableArray.CreateBuilder<Instance>(ids.Count);
        var withoutContainers = ImmutableArray.CreateBuilder<string>();
        var withoutMetadata = ImmutableArray.CreateBuilder<string>();
        var missingComponents = ImmutableArray.CreateBuilder<string>();

        foreach (var id in ids)
        {
            var own = byInstance.TryGetValue(id, out var list) ? list : [];
            own.Sort(static (a, b) =>
            {
                var byComponent = string.CompareOrdinal(a.Component, b.Component);
                return byComponent != 0 ? byComponent : string.CompareOrdinal(a.Name, b.Name);
            });

            InstanceMetadata? row = null;
            metadata?.TryGetValue(id, out row);

            var missing = expectedComponents
                .Where(component => !own.Exists(c => string.Equals(c.Component, component, StringComparison.Ordinal)))
                .ToImmutableArray();

            var host = HostOf(own);
            instances.Add(new Instance
            {
                InstanceId = id,
                Host = host,
                HostUp = own.TrueForAll(c => !downHosts.Contains(c.Host)),
                Metadata = row,
                Containers = [.. own],
                MissingComponents = missing,
            });

            if (own.Count == 0)
            {
                withoutContainers.Add(id);
            }
            else if (!missing.IsEmpty)
            {
                missingComponents.Add(id);
            }

            if (metadata is not null && row is null)
            {
                withoutMetadata.Add(id);
            }
        }

        return new InventorySnapshot
        {
            Version = version,
            TakenAt = takenAt,
            Instances = instances.MoveToImmutable(),
            Drift = new InventoryDrift(withoutContainers.ToImmutable(), withoutMetadata.ToImmutable(), missingComponents.ToImmutable()),
            Sources = sources,
            IsComplete = isComplete,
        };
    }

    /// <summary>The Docker hosts whose last read failed; their instances are built with <see cref="Instance.HostUp"/> false.</summary>
    internal static HashSet<string> DownHosts(ImmutableArray<SourceStatus> sources) => sources
        .Where(s => s.Name == DiscoveryHealth.Docker && s.Host is not null && s.Enabled && !s.Up)
        .Select(s => s.Host!)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>The containers' host; several, comma-separated and sorted, when one instance id spans hosts.</summary>
    private static string HostOf(List<ContainerInfo> containers)
    {
        if (containers.Count == 0)
        {
            return "";
        }

        var first = containers[0].Host;
        return containers.TrueForAll(c => c.Host == first)
            ? first
            : string.Join(',', containers.Select(c => c.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }
}
