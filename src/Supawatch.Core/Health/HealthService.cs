using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>
/// The health loop: a round every <see cref="HealthOptions.Interval"/> (measured start to start) with
/// random jitter, starting once discovery has published its first inventory. A fault in a round is logged
/// and the loop goes on; shutdown cancels the round in flight.
/// </summary>
public sealed class HealthService(
    HealthEngine engine,
    InventoryStore inventory,
    HealthOptions options,
    TimeProvider time,
    ILogger<HealthService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        HealthLog.Started(logger, (long)options.Interval.TotalMilliseconds, (long)options.EffectiveTimeout.TotalMilliseconds,
            options.Concurrency, engine.HistoryPath, engine.LogFile.Path);
        try
        {
            // Checking an empty inventory would record every instance as gone; wait (bounded) for discovery.
            await inventory.WaitForNewerAsync(0, stoppingToken).WaitAsync(options.Interval, time, stoppingToken);
        }
        catch (TimeoutException)
        {
            // Discovery is slow or failing; check what there is and let the sources' state say why.
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await engine.RunRoundAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                HealthLog.LoopFault(logger, ex.Message);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var elapsed = time.GetElapsedTime(started);
            if (elapsed > options.Interval)
            {
                HealthLog.Overran(logger, (long)elapsed.TotalMilliseconds, (long)options.Interval.TotalMilliseconds);
            }

            await Task.Delay(NextDelay(options.Interval, options.Jitter, elapsed, Random.Shared.NextDouble()), time, stoppingToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Time to wait before the next round: the rest of the interval, moved by up to ±jitter of it.</summary>
    /// <param name="random">A number in [0, 1).</param>
    public static TimeSpan NextDelay(TimeSpan interval, double jitter, TimeSpan elapsed, double random)
    {
        var shift = interval * (jitter * ((2 * random) - 1));
        var delay = interval - elapsed + shift;
        return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
    }
}
