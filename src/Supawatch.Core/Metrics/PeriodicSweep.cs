namespace Supawatch.Metrics;

/// <summary>The loop both collectors share: sweep now, then every interval; a fault is reported and the loop goes on.</summary>
public static class PeriodicSweep
{
    public static async Task RunAsync(
        TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> sweep, Action<Exception> onFault, CancellationToken stoppingToken)
    {
        using var ticker = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                try
                {
                    await sweep(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    onFault(ex);
                }
            }
            while (await ticker.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
