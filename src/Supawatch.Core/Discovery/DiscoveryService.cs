using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Supawatch.Discovery;

/// <summary>
/// The discovery loop: one reader of a work channel fed by the Docker event stream and a reconcile timer.
/// Events are applied in batches as they come; a full reconcile runs every <see cref="DiscoveryOptions.Interval"/>
/// and after every event-stream reconnect.
/// </summary>
public sealed class DiscoveryService(
    DiscoveryEngine engine,
    DockerEventWatcher watcher,
    Channel<DiscoveryWork> work,
    DiscoveryOptions options,
    TimeProvider time,
    ILogger<DiscoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var events = Task.Run(() => watcher.RunAsync(stoppingToken), stoppingToken);
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
                            reconcile = reconcile is null ? r : reconcile with { Distrust = reconcile.Distrust || r.Distrust };
                            break;
                        case DiscoveryWork.ContainerChanged c:
                            changes.Add(c);
                            break;
                    }
                }

                // A reconcile reads everything anyway, so the batch's events are covered by it.
                if (reconcile is not null)
                {
                    await engine.ReconcileAsync(reconcile.Reason, reconcile.Distrust, stoppingToken);
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

        await Task.WhenAll(events, timer).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
