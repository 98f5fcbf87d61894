using System.Collections.Immutable;
using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>
/// Whether the next snapshot can keep the last one's instances: a warm reconcile of an unchanged fleet reads the
/// same cached <see cref="ContainerInfo"/> objects, and rebuilding 10,000 instances from 30,000 of them took 0.7-1.4 s
/// of a 1.8-3.6 s warm reconcile on the JIT build at load 20-30 (0.33× with this; on NativeAOT the rebuild was cheap
/// already, 0.96×: issue 25, docs/scaling.md, reconcile-10000). The instances
/// depend on the containers, the master database's rows and which Docker hosts are down; when none of the three
/// changed, only the snapshot's version, time and sources are new. Used by <see cref="DiscoveryEngine"/> alone.
/// </summary>
internal sealed class InventoryReuse
{
    private volatile bool _containersChanged = true;
    private InventorySnapshot? _last;
    private IReadOnlyDictionary<string, InstanceMetadata>? _metadata;
    private HashSet<string> _downHosts = new(StringComparer.Ordinal);

    /// <summary>One host's read replaced its containers: a change unless it holds exactly the same objects.</summary>
    public void NoteRead(Dictionary<string, ContainerInfo> before, Dictionary<string, ContainerInfo> next)
    {
        if (before.Count != next.Count)
        {
            _containersChanged = true;
            return;
        }

        foreach (var (id, container) in next)
        {
            if (!before.TryGetValue(id, out var was) || !ReferenceEquals(was, container))
            {
                _containersChanged = true;
                return;
            }
        }
    }

    /// <summary>Events re-inspected or removed containers.</summary>
    public void NoteEvents() => _containersChanged = true;

    /// <summary>True when <paramref name="previous"/> was built from what the next snapshot would be built from.</summary>
    public bool Unchanged(InventorySnapshot previous, IReadOnlyDictionary<string, InstanceMetadata>? metadata, ImmutableArray<SourceStatus> sources) =>
        !_containersChanged
        && ReferenceEquals(previous, _last)
        && ReferenceEquals(metadata, _metadata)
        && _downHosts.SetEquals(InventoryBuilder.DownHosts(sources));

    /// <summary>Records what <paramref name="snapshot"/> (about to be published) holds.</summary>
    public void Built(InventorySnapshot snapshot, IReadOnlyDictionary<string, InstanceMetadata>? metadata, ImmutableArray<SourceStatus> sources)
    {
        _last = snapshot;
        _metadata = metadata;
        _downHosts = InventoryBuilder.DownHosts(sources);
        _containersChanged = false;
    }
}
