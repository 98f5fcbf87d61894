using System.Collections.Concurrent;
using Supawatch.Discovery;
using Supawatch.Docker;
using Supawatch.Instances;

namespace Supawatch.Metrics;

/// <summary>
/// Each tenant database's login, as the collector and the health probe both use it: the <c>_db</c> container's own
/// <c>POSTGRES_*</c> environment read once through the Docker API and cached by container id (a recreated container is
/// read again), the global <c>SUPAWATCH_DB_*</c> variables over it (<see cref="TenantDbCredentials.Resolve"/>). Held in
/// memory only; never logged, served or written.
/// </summary>
public sealed class TenantDbLogins(TenantDbOptions options, DiscoveryOptions discovery, IDockerReaders? hosts)
{
    private readonly ConcurrentDictionary<string, TenantDbCredentials?> _byContainer = new(StringComparer.Ordinal);

    public TenantDbOptions Options => options;

    /// <summary>The login for this <c>_db</c> container; null when there is none to use (container reading off, no <c>SUPAWATCH_DB_USER</c>).</summary>
    /// <exception cref="Exception">The container's environment could not be read (the Docker API failed or timed out).</exception>
    public async Task<TenantDbCredentials?> ForAsync(ContainerInfo db, CancellationToken cancellationToken)
    {
        if (!options.FromContainer || hosts?.ReaderFor(db.Host) is not { } reader)
        {
            return TenantDbCredentials.Resolve(options, null);
        }

        if (_byContainer.TryGetValue(db.Id, out var cached))
        {
            return cached;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(discovery.DockerTimeout);
        var environment = await reader.EnvironmentAsync(db.Id, timeout.Token);
        var credentials = TenantDbCredentials.Resolve(options, environment);
        _byContainer[db.Id] = credentials;
        return credentials;
    }

    /// <summary>Reads this container's environment again next time (its login was refused: it may have been recreated).</summary>
    public void Forget(string containerId) => _byContainer.TryRemove(containerId, out _);

    /// <summary>Drops the logins of containers no longer running.</summary>
    public void RetainOnly(IReadOnlySet<string> containerIds)
    {
        foreach (var containerId in _byContainer.Keys)
        {
            if (!containerIds.Contains(containerId))
            {
                _byContainer.TryRemove(containerId, out _);
            }
        }
    }
}
