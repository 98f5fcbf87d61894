using System.Diagnostics;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>Bounded polling: every wait on a server ends, and a timeout names what never happened.</summary>
public static class Wait
{
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Polls <paramref name="condition"/> until it returns true. An exception counts as "not yet";
    /// the last one is reported if time runs out.
    /// </summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, TimeSpan? pollInterval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var stopwatch = Stopwatch.StartNew();
        Exception? lastError = null;
        var attempts = 0;
        while (true)
        {
            attempts++;
            try
            {
                if (await condition())
                {
                    return;
                }

                lastError = null;
            }
            catch (Exception ex)
            {
                lastError = ex;
            }

            if (stopwatch.Elapsed >= timeout)
            {
                var reason = lastError is null ? string.Empty : $" Last error: {lastError.GetType().Name}: {lastError.Message}";
                throw new TimeoutException(
                    $"Timed out after {timeout.TotalSeconds:0.#} s ({attempts} attempts) waiting for {what}.{reason}", lastError);
            }

            await Task.Delay(pollInterval ?? DefaultPollInterval);
        }
    }
}
