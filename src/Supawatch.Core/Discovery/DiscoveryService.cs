using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Supawatch.Discovery;

/// <summary>
/// The discovery loop: one reader of a work channel fed by every Docker host's event stream and a reconcile timer.
/// Events are applied in batches as they come; a full reconcile runs every <see cref="DiscoveryOptions.Interval"/>
/// and after every event-stream reconnect.
/// </summary>
public sealed class DiscoveryService(
    DiscoveryEngine engine,
    IReadOnlyList<DockerEventWatcher> watchers,
    Channel<DiscoveryWork> work,
    DiscoveryOptions options,
    TimeProvider time,
    ILogger<DiscoveryService> logger) : BackgroundService
{
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
