using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Supawatch.Docker;
using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>
/// Keeps the containers last read from each Docker host and the metadata last read from the master database, and
/// publishes a merged snapshot after every change. A source that fails leaves its last good data in place: a
/// Docker host that stops answering keeps its last containers (its instances marked <see cref="Instance.HostUp"/> false)
/// and never touches the other hosts'.
/// Not thread-safe: <see cref="DiscoveryService"/> (or the one-shot CLI) is its only caller.
/// </summary>
public sealed class DiscoveryEngine(
    DockerHostSet hosts,
    IInstanceMetadataSource? masterDb,
    string redactedMasterDbUrl,
    DiscoveryHealth health,
    InventoryStore store,
    DiscoveryOptions options,
    DiscoveryMetrics metrics,
    TimeProvider time,
    ILogger<DiscoveryEngine> logger,
    TargetsPreview? preview = null)
{
    private readonly Dictionary<string, Dictionary<string, ContainerInfo>> _containers =
        hosts.All.ToDictionary(h => h.Name, _ => new Dictionary<string, ContainerInfo>(StringComparer.Ordinal), StringComparer.Ordinal);
    private readonly UnrecognizedContainers _unrecognized = new();
    private readonly InventoryChanges _changes = new(logger);
    private MasterDbMetadata? _masterDb;
    private readonly Lock _previewLock = new();
    private Dictionary<string, IReadOnlyList<ContainerInfo>>? _listed;
    private bool _metadataSettled;
    private readonly InventoryReuse _reuse = new();

    private MasterDbMetadata Metadata => _masterDb ??= new(masterDb, redactedMasterDbUrl, health, options.ShardSpec, time, logger);

    /// <summary>Reads every Docker host (concurrently) and the master database in full and publishes the result.</summary>
    /// <param name="distrustHost">Whose cache <paramref name="distrust"/> drops; null for every host.</param>
    public async Task ReconcileAsync(string reason, bool distrust, CancellationToken cancellationToken, string? distrustHost = null)
    {
        var started = Stopwatch.GetTimestamp();
        if (distrust)
        {
            foreach (var host in hosts.All.Where(h => distrustHost is null || h.Name == distrustHost))
            {
                host.Source.ForgetCache();
            }
        }

        // A cold start (no Docker host has ever answered): the targets go out from the lists, before the inspects.
        var cold = preview is not null && !store.Current.Sources.Any(s => s.Name == DiscoveryHealth.Docker && s.LastSuccess is not null);
        lock (_previewLock)
        {
            _listed = cold ? new Dictionary<string, IReadOnlyList<ContainerInfo>>(StringComparer.Ordinal) : null;
            _metadataSettled = !Metadata.IsConfigured;
        }

        var reads = hosts.All.Select(h => ReadDockerAsync(h, cold ? listed => ShowListed(h.Name, listed) : null, cancellationToken))
            .Append(ReadMasterDbAsync(cancellationToken));
        await Task.WhenAll(reads);
        var snapshot = Publish();
        lock (_previewLock)
        {
            _listed = null;
        }

        preview?.Clear();
        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.Reconciled(elapsed);
        DiscoveryLog.Reconciled(logger, snapshot.Instances.Length, snapshot.ContainerCount, (long)elapsed.TotalMilliseconds, reason);
    }

    /// <summary>
    /// Re-reads the containers named by events, concurrently (podman holds an inspect of a container that is
    /// still being created until <c>podman run</c> finishes; the others need not wait behind it), and
    /// publishes once for the batch.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyCollection<DiscoveryWork.ContainerChanged> changes, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var batch = changes
            .Where(c => hosts.Find(c.Host) is not null)
            .GroupBy(c => (c.Host, c.ContainerId))
            .Select(g => new EventBatchItem(hosts.Find(g.Key.Host)!.Source, g.Key.ContainerId, g.Last().Action, g.Any(c => c.Gone), g.LastOrDefault(c => c.ExitCode is not null)?.ExitCode))
            .ToArray();

        await Parallel.ForEachAsync(batch,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.InspectConcurrency), CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                item.Source.Forget(item.ContainerId);
                if (item.Gone)
                {
                    return;
                }

                try
                {
                    item.Inspected = await item.Source.InspectAsync(item.ContainerId, ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    item.Error = ex;
                }
            });

        _reuse.NoteEvents();
        foreach (var item in batch)
        {
            var host = item.Source.Host;
            var containers = _containers[host];
            DiscoveryLog.ContainerEvent(logger, item.ContainerId, host, item.Action);
            if (item.Error is not null)
            {
                // The next reconcile (asked for by the event watcher on reconnect, or the timer) repairs this.
                var error = DockerErrors.Describe(item.Error);
                health.DockerFailed(host, time.GetUtcNow(), error);
                DiscoveryLog.DockerFailed(logger, host, error);
            }
            else if (item.Inspected is not { } info)
            {
                containers.Remove(item.ContainerId);
            }
            else
            {
                containers[item.ContainerId] = LastDeath.Keep(containers, item.ExitCode is not null && info.ExitCode is null ? info with { ExitCode = item.ExitCode } : info);
            }
        }

        Publish();
        metrics.EventsApplied(changes.Count, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Reads one host; the hosts run concurrently, each replacing only its own entry of <see cref="_containers"/>.</summary>
    private async Task ReadDockerAsync(DockerHostConnection host, Action<IReadOnlyList<ContainerInfo>>? onListed, CancellationToken cancellationToken)
    {
        try
        {
            var listed = await host.Source.ListAsync(onListed, cancellationToken);
            Dictionary<string, ContainerInfo> before;
            lock (_containers)
            {
                before = _containers[host.Name];
            }

            var next = LastDeath.KeepAll(before, listed);
            _reuse.NoteRead(before, next);
            lock (_containers)
            {
                _containers[host.Name] = next;
            }

            var wasDown = health.DockerStatusOf(host.Name) is { LastSuccess: not null, Up: false };
            health.DockerSucceeded(host.Name, time.GetUtcNow());
            if (wasDown)
            {
                DiscoveryLog.DockerRecovered(logger, host.Name);
            }

            _unrecognized.Report(host.Source.Unrecognized, logger);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = DockerErrors.Describe(ex);
            health.DockerFailed(host.Name, time.GetUtcNow(), error);
            DiscoveryLog.DockerFailed(logger, host.Name, error);
        }
    }

    /// <summary>One host's list arrived on a cold start: its containers join the provisional targets.</summary>
    private void ShowListed(string host, IReadOnlyList<ContainerInfo> listed)
    {
        lock (_previewLock)
        {
            if (_listed is null)
            {
                return;
            }

            _listed[host] = listed;
            ShowPreview();
        }
    }

    /// <summary>
    /// Publishes the provisional targets once the master database has answered or failed (its rows label the
    /// targets; a target published without them and relabelled a moment later would be two targets to Prometheus).
    /// The caller holds <see cref="_previewLock"/>.
    /// </summary>
    private void ShowPreview()
    {
        if (preview is null || _listed is not { Count: > 0 } || !_metadataSettled)
        {
            return;
        }

        var containers = _listed.Values.SelectMany(c => c).ToList();
        var snapshot = InventoryBuilder.Build(
            containers,
            Metadata.Current,
            options.ExpectedComponentList,
            health.All,
            store.Current.Version,
            time.GetUtcNow(),
            isComplete: false);
        preview.Show(snapshot);
        DiscoveryLog.TargetsPreviewed(logger, snapshot.Instances.Length, containers.Count, _listed.Count);
    }

    private async Task ReadMasterDbAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Metadata.ReadAsync(cancellationToken);
        }
        finally
        {
            lock (_previewLock)
            {
                _metadataSettled = true;
                ShowPreview();
            }
        }
    }

    private InventorySnapshot Publish()
    {
        var previous = store.Current;
        var sources = health.All;
        var isComplete = health.EveryDockerHostSucceeded && Metadata.HasAnswered;
        var snapshot = _reuse.Unchanged(previous, Metadata.Current, sources)
            ? previous with { Version = previous.Version + 1, TakenAt = time.GetUtcNow(), Sources = sources, IsComplete = isComplete }
            : InventoryBuilder.Build(
                _containers.Values.SelectMany(c => c.Values),
                Metadata.Current,
                options.ExpectedComponentList,
                sources,
                previous.Version + 1,
                time.GetUtcNow(),
                isComplete);
        _reuse.Built(snapshot, Metadata.Current, sources);
        _changes.Log(previous, snapshot);
        store.Publish(snapshot);
        metrics.Published(snapshot);
        return snapshot;
    }
}
