using System.Buffers;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supawatch.Common;
using Supawatch.Configuration;
using Supawatch.Discovery;
using Supawatch.Instances;

namespace Supawatch.Targets;

/// <summary>
/// Keeps <c>&lt;data&gt;/instances.json</c> in step with the inventory and tells Prometheus, debounced, when the
/// target set changed. Nothing is written until Docker has answered once, so a failing source never empties the file.
/// On a cold start the file is first written from the container lists (<see cref="TargetsPreview"/>), then from
/// the full inventory once it is published.
/// </summary>
public sealed class TargetsService(
    InventoryStore store,
    DiscoveryOptions discovery,
    PrometheusOptions prometheus,
    StorageOptions storage,
    PrometheusReloadClient reloader,
    DiscoveryMetrics metrics,
    TimeProvider time,
    ILogger<TargetsService> logger,
    TargetsPreview? preview = null) : BackgroundService
{
    private static readonly TimeSpan ReloadRetry = TimeSpan.FromSeconds(15);
    private readonly Channel<bool> _reloadWanted = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    // What was last written, as its SHA-256: the file itself is 6.4 MB at 10,000 instances, kept in memory for a comparison.
    private byte[] _writtenHash = [];

    // The instances the file was last found to hold: a warm reconcile of an unchanged fleet publishes the same ones
    // under a new version (InventoryReuse), and rendering and hashing 6.4 MB of targets again for them cost CPU at
    // 10,000 instances every DISCOVERY_INTERVAL (issue 25).
    private ImmutableArray<Instance> _writtenInstances;
    private HashSet<string> _unscraped = new(StringComparer.Ordinal);

    public TargetsStatus Status { get; private set; } = new(null, null, null, null, 0);

    /// <summary>Writes the file when the targets differ from what was last written; true when it wrote.</summary>
    public Task<bool> WriteIfChangedAsync(InventorySnapshot snapshot, CancellationToken cancellationToken) =>
        WriteIfChangedAsync(snapshot, provisional: false, cancellationToken);

    /// <param name="provisional">
    /// A cold start's targets from the container lists (<see cref="TargetsPreview"/>): written although no host has
    /// finished its read, and not reported as unscraped (a stopped container lists no ports; its inspect will).
    /// </param>
    public async Task<bool> WriteIfChangedAsync(InventorySnapshot snapshot, bool provisional, CancellationToken cancellationToken)
    {
        if (!provisional && !snapshot.Sources.Any(s => s.Name == DiscoveryHealth.Docker && s.LastSuccess is not null))
        {
            return false;
        }

        if (!provisional)
        {
            if (snapshot.Instances == _writtenInstances && Status.WriteError is null && File.Exists(storage.InstancesFile))
            {
                return false;
            }

            ReportUnscraped(snapshot);
        }

        var rendered = new ArrayBufferWriter<byte>(4096 + (snapshot.Instances.Length * 400));
        var groups = ScrapeTargets.Write(snapshot, discovery, component: null, rendered);
        var hash = SHA256.HashData(rendered.WrittenSpan);
        if (hash.AsSpan().SequenceEqual(_writtenHash) && File.Exists(storage.InstancesFile))
        {
            _writtenInstances = provisional ? default : snapshot.Instances;
            // The file already holds these targets (a change that failed to write was undone): nothing is wrong any more.
            if (Status.WriteError is not null)
            {
                Status = Status with { WriteError = null };
                metrics.TargetsWritten(ok: true);
            }

            return false;
        }

        try
        {
            await AtomicFile.WriteAsync(storage.InstancesFile, rendered.WrittenMemory, cancellationToken);
            _writtenHash = hash;
            _writtenInstances = provisional ? default : snapshot.Instances;
            var recovered = Status.WriteError is not null;
            Status = Status with { LastWrite = time.GetUtcNow(), WriteError = null, TargetGroups = groups };
            metrics.TargetsWritten(ok: true);
            TargetsLog.Written(logger, groups, storage.InstancesFile);
            if (recovered)
            {
                TargetsLog.WriteRecovered(logger, storage.InstancesFile);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Status = Status with { WriteError = ex.Message };
            metrics.TargetsWritten(ok: false);
            TargetsLog.WriteFailed(logger, storage.InstancesFile, ex.Message);
            return false;
        }
    }

    /// <summary>Logs once each container that should be a target but is not (an unpublished metrics port, a bad label).</summary>
    private void ReportUnscraped(InventorySnapshot snapshot)
    {
        var now = ScrapeTargets.Unscraped(snapshot, discovery).ToHashSet(StringComparer.Ordinal);
        foreach (var problem in now.Where(p => !_unscraped.Contains(p)).Order(StringComparer.Ordinal))
        {
            TargetsLog.Unscraped(logger, problem);
        }

        _unscraped = now;
        Status = Status with { Unscraped = [.. now.Order(StringComparer.Ordinal)] };
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(WriteLoopAsync(stoppingToken), ReloadLoopAsync(stoppingToken));

    private async Task WriteLoopAsync(CancellationToken stoppingToken)
    {
        var seen = 0L;
        var previewSeen = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await WaitForChangeAsync(seen, previewSeen, stoppingToken);
                previewSeen = preview?.Current.Version ?? 0;
                var provisional = preview?.Snapshot;
                var snapshot = store.Current;
                seen = snapshot.Version;
                if (await WriteIfChangedAsync(provisional ?? snapshot, provisional is not null, stoppingToken))
                {
                    _reloadWanted.Writer.TryWrite(true);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Completes when the inventory is newer than <paramref name="seen"/> or the preview changed.</summary>
    private async Task WaitForChangeAsync(long seen, long previewSeen, CancellationToken stoppingToken)
    {
        if (preview is null)
        {
            await store.WaitForNewerAsync(seen, stoppingToken);
            return;
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var first = await Task.WhenAny(store.WaitForNewerAsync(seen, either.Token), preview.WaitForNewerAsync(previewSeen, either.Token));
        await either.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
        await first;
    }

    private async Task ReloadLoopAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(prometheus.Url))
        {
            return;
        }

        try
        {
            while (await _reloadWanted.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(prometheus.ReloadDebounce, time, stoppingToken);
                _reloadWanted.Reader.TryRead(out _);
                var error = await reloader.ReloadAsync(prometheus.Url, stoppingToken);
                var recovered = error is null && Status.ReloadError is not null;
                Status = Status with { LastReload = error is null ? time.GetUtcNow() : Status.LastReload, ReloadError = error };
                metrics.Reloaded(ok: error is null);
                if (error is null)
                {
                    TargetsLog.Reloaded(logger);
                    if (recovered)
                    {
                        TargetsLog.ReloadRecovered(logger);
                    }

                    continue;
                }

                TargetsLog.ReloadFailed(logger, error);
                await Task.Delay(ReloadRetry, time, stoppingToken);
                _reloadWanted.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
