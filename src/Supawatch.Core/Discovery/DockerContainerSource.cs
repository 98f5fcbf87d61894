using System.Collections.Concurrent;
using Supawatch.Common;
using Supawatch.Docker;
using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>
/// Reads tenant containers from the Docker Engine API, read-only: list and inspect through
/// <see cref="DockerContainerReader"/>. Inspect results are cached per container and state, so a reconcile of an
/// unchanged fleet costs one list call.
/// </summary>
/// <param name="host">The host's name, stamped on every container read (<see cref="ContainerInfo.Host"/>).</param>
public sealed class DockerContainerSource(DockerContainerReader reader, ContainerNameParser parser, DiscoveryOptions options, string host = DockerHosts.DefaultName)
{
    /// <summary>The name of the Docker host this source reads.</summary>
    public string Host => host;

    private readonly ConcurrentDictionary<string, CachedInspect> _inspectCache = new(StringComparer.Ordinal);
    private readonly Shard _shard = options.ShardSpec;
    private readonly IReadOnlyList<string> _anonKeyVariables = options.AnonKeyVariableList;

    // Each wanted entry of the last list by its hash (ContainerListEntry.ListedHash), with the cached inspect it agreed
    // with: the next list does not decode an entry identical to one of these (ContainerListReader).
    private Dictionary<UInt128, ListedBefore> _lastListed = [];

    /// <summary>Containers that look like tenants but could not be understood, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Unrecognized { get; private set; } = new Dictionary<string, string>();

    /// <summary>Forgets cached inspections; after an event-stream gap nothing cached can be trusted.</summary>
    public void ForgetCache()
    {
        _inspectCache.Clear();
        _lastListed = [];
    }

    public void Forget(string containerId) => _inspectCache.TryRemove(containerId, out _);

    /// <summary>Lists every tenant container in every state.</summary>
    public Task<IReadOnlyList<ContainerInfo>> ListAsync(CancellationToken cancellationToken) => ListAsync(listed: null, cancellationToken);

    /// <summary>Lists every tenant container in every state.</summary>
    /// <param name="listed">
    /// Called once, between the list and the inspects, when some container must be inspected (nothing cached for
    /// it): every wanted container as far as known without those inspects — the cached inspect where there is one,
    /// else what the list entry says (<see cref="DockerContainerMapper.FromListEntry"/>). For the provisional
    /// targets of a cold start only.
    /// </param>
    public async Task<IReadOnlyList<ContainerInfo>> ListAsync(Action<IReadOnlyList<ContainerInfo>>? listed, CancellationToken cancellationToken)
    {
        var lastListed = _lastListed;
        List<ContainerListEntry> entries;
        using (var timeout = Timeout(cancellationToken))
        {
            entries = await reader.ListAsync(hash => lastListed.TryGetValue(hash, out var before) ? before.Id : null, timeout.Token);
        }

        var unrecognized = new Dictionary<string, string>(StringComparer.Ordinal);
        var wanted = new List<(ContainerListEntry Listed, ContainerIdentity Identity, bool Understood)>(entries.Count);
        foreach (var container in entries)
        {
            if (container.Unchanged)
            {
                // The very entry that was wanted and understood last time: the same name and labels say the same identity.
                wanted.Add((container, lastListed[container.ListedHash].Identity, true));
                continue;
            }

            var name = container.Names?.FirstOrDefault()?.TrimStart('/') ?? container.Id;
            var identity = parser.Parse(name, container.Labels, out var reason);
            if (reason is not null && unrecognized.Count < 1000)
            {
                unrecognized[SafeText.Printable(name)] = reason;
            }

            // Another replica's instance (SUPAWATCH_SHARD) is not even inspected.
            if (identity is { } id && _shard.Owns(id.InstanceId))
            {
                wanted.Add((container, id, reason is null));
            }
        }

        var live = new HashSet<string>(entries.Select(c => c.Id), StringComparer.Ordinal);
        foreach (var stale in _inspectCache.Keys.Where(id => !live.Contains(id)))
        {
            _inspectCache.TryRemove(stale, out _);
        }

        var results = new ContainerInfo?[wanted.Count];
        var uncached = 0;
        for (var i = 0; i < wanted.Count; i++)
        {
            if (CachedAgreeing(wanted[i].Listed, wanted[i].Identity, lastListed) is { } cached)
            {
                results[i] = cached.Info;
            }
            else
            {
                uncached++;
            }
        }

        if (listed is not null && uncached > 0)
        {
            var provisional = new ContainerInfo[wanted.Count];
            for (var i = 0; i < wanted.Count; i++)
            {
                var (container, identity, _) = wanted[i];
                provisional[i] = results[i]
                                 ?? (container.Unchanged ? lastListed[container.ListedHash].Cached.Info : DockerContainerMapper.FromListEntry(container, identity, host));
            }

            listed(provisional);
        }

        if (uncached > 0)
        {
            await Parallel.ForAsync(0, wanted.Count,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.InspectConcurrency), CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    if (results[i] is null)
                    {
                        results[i] = await InspectAsync(wanted[i].Listed.Id, ct);
                    }
                });
        }

        var nextListed = new Dictionary<UInt128, ListedBefore>(wanted.Count);
        foreach (var (container, identity, understood) in wanted)
        {
            if (understood && container.ListedHash != UInt128.Zero && CachedAgreeing(container, identity, lastListed) is { } cached)
            {
                nextListed[container.ListedHash] = new ListedBefore(container.Id, cached, identity);
            }
        }

        _lastListed = nextListed;
        Unrecognized = unrecognized;
        return results.OfType<ContainerInfo>().ToList();
    }

    /// <summary>
    /// The cached inspect of <paramref name="container"/> while the list still agrees with it; null when it must be
    /// inspected (again). An unchanged entry agrees with the inspect it agreed with last time, as long as that is still
    /// the one cached (an event's inspect or a forgotten cache since then means inspecting it again).
    /// </summary>
    private CachedInspect? CachedAgreeing(ContainerListEntry container, ContainerIdentity identity, Dictionary<UInt128, ListedBefore> lastListed)
    {
        if (!_inspectCache.TryGetValue(container.Id, out var cached))
        {
            return null;
        }

        var agrees = container.Unchanged
            ? ReferenceEquals(cached, lastListed[container.ListedHash].Cached)
            : string.Equals(cached.ListedState, container.State, StringComparison.Ordinal)
              && HealthAgrees(container.Status, cached.Info.Health)
              && cached.Info.InstanceId == identity.InstanceId
              && cached.Info.Component == identity.Component;
        return agrees ? cached : null;
    }

    /// <summary>Inspects one container; null when it is gone or is not a tenant container.</summary>
    public async Task<ContainerInfo?> InspectAsync(string containerId, CancellationToken cancellationToken)
    {
        ContainerInspect? inspect;
        using (var timeout = Timeout(cancellationToken))
        {
            inspect = await reader.InspectAsync(containerId, timeout.Token);
        }

        if (inspect is null)
        {
            _inspectCache.TryRemove(containerId, out _);
            return null;
        }

        var identity = parser.Parse(inspect.Name ?? "", inspect.Config?.Labels, out _);
        if (identity is not { } id || !_shard.Owns(id.InstanceId))
        {
            _inspectCache.TryRemove(containerId, out _);
            return null;
        }

        var info = DockerContainerMapper.FromInspect(inspect, id, _anonKeyVariables) with { Host = host };
        _inspectCache[containerId] = new CachedInspect(inspect.State?.Status ?? "", info);
        return info;
    }

    private CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(options.DockerTimeout);
        return source;
    }

    /// <summary>
    /// Whether the list's status still says the health the cached inspect holds. A health change keeps the state
    /// (<c>running</c>), so without this only its event would update it, and a missed event would leave it stale.
    /// A status that names no health (podman 4.3's did not when its check passed) agrees with a settled health, but
    /// not with <c>starting</c>: that is the health bound to move on, and nothing else in such a list would show it
    /// (the CI rehearsal saw a podman container <c>starting</c> for 45 s after its check had passed). Only containers
    /// still starting are inspected again, not every container with a check.
    /// </summary>
    internal static bool HealthAgrees(string? listedStatus, string? cachedHealth)
    {
        var listed = listedStatus switch
        {
            null => null,
            _ when listedStatus.Contains("(healthy)", StringComparison.Ordinal) => "healthy",
            _ when listedStatus.Contains("(unhealthy)", StringComparison.Ordinal) => "unhealthy",
            _ when listedStatus.Contains("(health: starting)", StringComparison.Ordinal) => "starting",
            _ => null,
        };
        return listed is null
            ? !string.Equals(cachedHealth, "starting", StringComparison.Ordinal)
            : string.Equals(listed, cachedHealth, StringComparison.Ordinal);
    }

    private sealed record CachedInspect(string ListedState, ContainerInfo Info);

    private readonly record struct ListedBefore(string Id, CachedInspect Cached, ContainerIdentity Identity);
}
