using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Supawatch.Health;

/// <summary>
/// A circuit breaker per host address for one round (as Polly's circuit breaker or Envoy's outlier detection):
/// once the checks to a host have timed out <see cref="Threshold"/> times in a row, the round's checks to it that have
/// not started yet are reported down at once instead of each waiting out its timeout. Any answer from the host, even a
/// refusal or an HTTP error (fast, and proof the host is alive), closes it again. Each round makes a new breaker, so
/// every host is probed afresh (half-open) and a recovery shows in the next round.
/// </summary>
public sealed class SilentHostBreaker(int concurrency)
{
    // A low concurrency must not trip on a few hung tenants next to each other in the plan: 64 is more than the
    // network checks of six tenants (kong, studio, db and the API routes, at most ten each by default).
    private const int MinimumThreshold = 64;

    private readonly ConcurrentDictionary<string, StrongBox<int>> _streaks = new(StringComparer.Ordinal);

    /// <summary>
    /// Twice the concurrency: when the first timeout of a streak lands at most <c>concurrency</c> checks are in flight,
    /// so a streak of twice that holds at least a whole wave of checks started after it, every one run to its
    /// timeout with no check to the host answering meanwhile: the host gave nothing for a full timeout period.
    /// A monitor too starved to read answers in time (overload) times out the one wave it has in flight; only a
    /// second whole wave trips it, and even then <see cref="StatusConfirmation"/> needs the next rounds to agree.
    /// </summary>
    public int Threshold { get; } = Math.Max(2 * Math.Max(1, concurrency), MinimumThreshold);

    /// <summary>What a check not tried says; no address in it (reasons are public, see <see cref="ProbeResult"/>).</summary>
    public string NotTriedReason => string.Create(CultureInfo.InvariantCulture, $"not tried after {Threshold} timeouts in a row to this host");

    public bool IsOpen(string host) =>
        _streaks.TryGetValue(host, out var streak) && Volatile.Read(ref streak.Value) >= Threshold;

    /// <returns>True when this timeout opened the breaker (once per streak).</returns>
    public bool Record(string host, bool timedOut)
    {
        var streak = _streaks.GetOrAdd(host, static _ => new StrongBox<int>());
        if (!timedOut)
        {
            Volatile.Write(ref streak.Value, 0);
            return false;
        }

        return Interlocked.Increment(ref streak.Value) == Threshold;
    }
}
