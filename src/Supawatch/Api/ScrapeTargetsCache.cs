using System.Collections.Concurrent;
using System.Collections.Immutable;
using Supawatch.Common;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Targets;

namespace Supawatch.Api;

/// <summary>
/// The <c>/sd</c> answers of the current inventory, rendered at most once per published snapshot and per
/// component, so a busy scraper costs a copy of prepared bytes (as <c>/metrics</c> does) instead of rendering
/// 3,000 target groups and throwing the large buffers away on every request. They are kept gzipped only
/// (<see cref="GzippedBody"/>: 6.4 MB plain at 10,000 instances, issue 25), as Prometheus's http_sd asks for gzip.
/// On a cold start, until the full inventory is published, the answers come from the container lists
/// (<see cref="TargetsPreview"/>).
/// </summary>
public sealed class ScrapeTargetsCache(InventoryStore store, TargetsPreview preview, DiscoveryOptions options)
{
    private Entry? _entry;

    /// <param name="component">Only this component's targets; null for all. A component discovery does not know
    /// is rendered and not kept: the query string is unbounded.</param>
    public GzippedBody Get(string? component)
    {
        var snapshot = preview.For(store.Current);
        if (component is not null && !options.ComponentList.Contains(component, StringComparer.Ordinal))
        {
            return Render(snapshot, component);
        }

        var entry = Volatile.Read(ref _entry);
        // Keyed by the instances, the targets' only input: a warm reconcile of an unchanged fleet publishes the same
        // instances under a new version (InventoryReuse), and the answers stay valid.
        if (entry is null || entry.Instances != snapshot.Instances)
        {
            entry = new Entry(snapshot.Instances, new ConcurrentDictionary<string, GzippedBody>(StringComparer.Ordinal));
            Volatile.Write(ref _entry, entry);
        }

        return entry.Answers.GetOrAdd(component ?? "", _ => Render(snapshot, component));
    }

    private GzippedBody Render(InventorySnapshot snapshot, string? component) =>
        GzippedBody.Write(stream => ScrapeTargets.Write(snapshot, options, component, stream));

    private sealed record Entry(ImmutableArray<Instance> Instances, ConcurrentDictionary<string, GzippedBody> Answers);
}
