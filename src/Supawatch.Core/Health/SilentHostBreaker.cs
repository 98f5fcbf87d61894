using System.Collections.Concurrent;
using System.Globalization;

namespace Supawatch.Health;

/// <summary>
/// A circuit breaker per host address for one round (as Polly's circuit breaker or Envoy's outlier detection):
/// once the checks to a host have timed out <see cref="Threshold"/> times in a row, and one of them had started after the
/// first of that streak timed out, the round's checks to it that have not started yet are reported down at once instead
/// of each waiting out its timeout. Any answer from the host, even a refusal or an HTTP error (fast, and proof the host
/// is alive), closes it again. Each round makes a new breaker, so every host is probed afresh (half-open) and a
/// recovery shows in the next round.
/// </summary>
public sealed class SilentHostBreaker
{
    /// <summary>
    /// Timeouts in a row before a host counts as silent. The network checks run in a random order, so a streak is a
    /// random sample of a host's checks: 64 is more than the network checks of six tenants (kong, studio, db and the API
    /// routes, at most ten each by default), and a host with half its tenants hanging among answering ones shows a run of
    /// 64 with odds of 2^-64 a check.
    /// </summary>
    public const int Threshold = 64;

    private readonly ConcurrentDictionary<string, Streak> _streaks = new(StringComparer.Ordinal);
    private long _started;

    /// <summary>What a check not tried says; no address in it (reasons are public, see <see cref="ProbeResult"/>).</summary>
    public static string NotTriedReason { get; } = string.Create(CultureInfo.InvariantCulture, $"not tried after {Threshold} timeouts in a row to this host");

    public bool IsOpen(string host) => _streaks.TryGetValue(host, out var streak) && streak.Open;

    /// <summary>Numbers a check as it starts, in the order checks start across every host: pass it to <see cref="Record"/>.</summary>
    public long Starting() => Interlocked.Increment(ref _started);

    /// <param name="ticket">What <see cref="Starting"/> gave the check.</param>
    /// <returns>True when this timeout opened the breaker (once per streak).</returns>
    public bool Record(string host, long ticket, bool timedOut)
    {
        var streak = _streaks.GetOrAdd(host, static _ => new Streak());
        lock (streak)
        {
            if (!timedOut)
            {
                streak.Reset();
                return false;
            }

            streak.Count++;
            if (streak.StartedBeforeFirstTimeout == 0)
            {
                streak.StartedBeforeFirstTimeout = Interlocked.Read(ref _started);
            }
            else if (ticket > streak.StartedBeforeFirstTimeout)
            {
                // This check started after the streak's first timeout and ran its whole timeout with no check to the host
                // answering: the host gave nothing for a full timeout period. A monitor too starved to read answers in
                // time times out the checks it has in flight; this needs one started after them to time out as well.
                streak.WholeTimeoutSilent = true;
            }

            if (streak.Open || streak.Count < Threshold || !streak.WholeTimeoutSilent)
            {
                return false;
            }

            streak.Open = true;
            return true;
        }
    }

    /// <summary>
    /// One host's current run of timeouts. Counted per host, not against the round's concurrency (twice it, before):
    /// with 20 silent hosts sharing 128 slots a host gets about 6 checks a wave, and a threshold of 256 took 41–42 waves
    /// (≈ 200 s at the 5 s timeout); 64 in a row and one whole silent timeout take 11–12 (simulated).
    /// </summary>
    private sealed class Streak
    {
        public int Count;
        public long StartedBeforeFirstTimeout;
        public bool WholeTimeoutSilent;
        public volatile bool Open;

        public void Reset()
        {
            Count = 0;
            StartedBeforeFirstTimeout = 0;
            WholeTimeoutSilent = false;
            Open = false;
        }
    }
}
