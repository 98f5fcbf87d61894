using Supawatch.Discovery;
using Supawatch.Instances;

namespace Supawatch.Api;

/// <summary>
/// One Docker host in the operator API: whether its last discovery and its event stream are up, and how many of
/// the inventory's instances and containers it holds (the last good ones while it is down).
/// </summary>
public sealed record HostView(
    string Name,
    bool Up,
    bool EventsUp,
    DateTimeOffset? LastSuccess,
    string? LastError,
    int InstanceCount,
    int ContainerCount)
{
    public static IReadOnlyList<HostView> From(InventorySnapshot snapshot)
    {
        var containers = snapshot.Containers.GroupBy(c => c.Host, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var instances = snapshot.Instances.GroupBy(i => i.Host, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. snapshot.Sources
            .Where(s => s.Name == DiscoveryHealth.Docker && s.Host is not null)
            .Select(s => new HostView(
                s.Host!,
                s.Up,
                snapshot.Sources.Any(e => e.Name == DiscoveryHealth.DockerEvents && e.Host == s.Host && e.Up),
                s.LastSuccess,
                s.LastError,
                instances.GetValueOrDefault(s.Host!),
                containers.GetValueOrDefault(s.Host!)))];
    }
}
