using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Supawatch.Discovery;

/// <summary>
/// The discovery loop: one reader of a work channel fed by every Docker host's event stream and a reconcile timer.
/// Events are applied in batches as they come; a full reconcile runs every <see cref="DiscoveryOptions.Interval"/>
/// and after every event-stream reconnect. A Docker host whose last read failed while its event stream is connected is
/// read again after 2 s, doubling up to 30 s (or the interval, when shorter), until it answers; a host that answers
/// while its event stream is away wakes that stream's reconnect.
/// </summary>
public sealed class DiscoveryService(
    DiscoveryEngine engine,
    IReadOnlyList<DockerEventWatcher> watchers,
    Channel<DiscoveryWork> work,
    DockerHostSet hosts,
    DiscoveryHealth health,
    DiscoveryOptions options,
    TimeProvider time,
    ILogger<DiscoveryService> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    // Seen on real dockerd restarted under a running Supawatch: the reconnected event stream replays events whose
    // inspects time out while the engine restores its containers, which marks the host down; without a retry it
    // stayed down until the next periodic reconcile. The retry waits for the event stream: a host read back while its
    // events are still away would resolve the host outage and leave SupawatchSourceDown(docker_events) un-inhibited.
    private readonly Dictionary<string, TimeSpan> _retryAfter = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _retryPending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DockerEventWatcher> _watcherOf = watchers.ToDictionary(w => w.Host, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var events = watchers.Select(w => Task.Run(() => w.RunAsync(stoppingToken), stoppingToken)).ToArray();
        var timer = Task.Run(() => TickAsync(stoppingToken), stoppingToken);
        work.Writer.TryWrite(new DiscoveryWork.Reconcile("start", Distrust: true));

        var changes = new List<DiscoveryWork.ContainerChanged>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await work.Reader.WaitToReadAsync(stoppingToken))
                {
                    break;
                }

                DiscoveryWork.Reconcile? reconcile = null;
                changes.Clear();
                while (work.Reader.TryRead(out var item))
                {
                    switch (item)
                    {
                        case DiscoveryWork.Reconcile r:
                            reconcile = reconcile is null ? r : Merge(reconcile, r);
                            break;
                        case DiscoveryWork.ContainerChanged c:
                            changes.Add(c);
                            break;
                    }
                }

                // A reconcile reads everything anyway, so the batch's events are covered by it.
                if (reconcile is not null)
                {
                    await engine.ReconcileAsync(reconcile.Reason, reconcile.Distrust, stoppingToken, reconcile.Host);
                }
                else if (changes.Count > 0)
                {
                    await engine.ApplyAsync(changes, stoppingToken);
                }

                RetryFailedHosts(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                DiscoveryLog.LoopFault(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll([.. events, timer]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Two queued reconciles become one; it distrusts every host either distrusted (all, when they differ).</summary>
    private static DiscoveryWork.Reconcile Merge(DiscoveryWork.Reconcile a, DiscoveryWork.Reconcile b) => (a.Distrust, b.Distrust) switch
    {
        (false, false) => a,
        (true, false) => a,
        (false, true) => b,
        _ => a with { Host = a.Host == b.Host ? a.Host : null },
    };

    /// <summary>
    /// Queues a reconcile, after a backoff, for every Docker host whose last read failed while its event stream is
    /// connected (a host whose stream is away is read again by the watcher's reconnect); resets a host that answered,
    /// and wakes its event stream if that is still away (the periodic reconcile reads every host, streams or not).
    /// </summary>
    private void RetryFailedHosts(CancellationToken stoppingToken)
    {
        foreach (var host in hosts.All)
        {
            if (health.DockerStatusOf(host.Name).Up)
            {
                _retryAfter.Remove(host.Name);
                if (!health.EventsStatusOf(host.Name).Up && _watcherOf.TryGetValue(host.Name, out var watcher))
                {
                    watcher.Wake();
                }

                continue;
            }

            if (!health.EventsStatusOf(host.Name).Up || !_retryPending.TryAdd(host.Name, true))
            {
                continue;
            }

            var cap = options.Interval < MaxRetry ? options.Interval : MaxRetry;
            var delay = _retryAfter.TryGetValue(host.Name, out var last) ? TimeSpan.FromTicks(Math.Min(cap.Ticks, last.Ticks * 2)) : FirstRetry;
            _retryAfter[host.Name] = delay;
            _ = RetryAsync(host.Name, delay, stoppingToken);
        }
    }

    private async Task RetryAsync(string host, TimeSpan delay, CancellationToken stoppingToken)
    {
        await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _retryPending.TryRemove(host, out _);
        if (!stoppingToken.IsCancellationRequested && health.EventsStatusOf(host).Up)
        {
            work.Writer.TryWrite(new DiscoveryWork.Reconcile($"retry: the last read of Docker host {host} failed", Distrust: true, host));
        }
    }

    private async Task TickAsync(CancellationToken stoppingToken)
    {
        using var ticker = new PeriodicTimer(options.Interval, time);
        try
        {
            while (await ticker.WaitForNextTickAsync(stoppingToken))
            {
                work.Writer.TryWrite(new DiscoveryWork.Reconcile("interval", Distrust: false));
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
