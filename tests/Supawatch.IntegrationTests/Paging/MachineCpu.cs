using System.Globalization;

namespace Supawatch.IntegrationTests.Paging;

/// <summary>
/// How busy the machine running the test was, read from <c>/proc/stat</c> every few seconds and measured the way
/// <c>HighCPUUsage</c> reads node_exporter: 100 × (1 − idle time / all time) over a sliding window as long as the
/// rule's <c>rate(…[5m])</c>. It tells a true HighCPUUsage page (the test machine itself saturated, as a shared
/// 2-core build box is) from a false one, independently of Prometheus. An average over the test's own hold is not
/// enough: the rule's window also covers the busy minutes of stack setup before it (seen: 79.8 % over the hold,
/// 81.9 % in the rule's window).
/// </summary>
public sealed class MachineCpu : IDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);
    private readonly List<(DateTime At, long Idle, long Total)> _samples = [];
    private readonly Timer _timer;

    /// <summary>Starts sampling now.</summary>
    public MachineCpu() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, Every);

    /// <summary>
    /// The highest busy percentage over any window of at least <paramref name="window"/> between two samples (the
    /// whole time sampled when it is shorter).
    /// </summary>
    public double PeakBusyPercent(TimeSpan window)
    {
        Sample();
        lock (_samples)
        {
            var peak = Busy(_samples[0], _samples[^1]);
            var first = 0;
            for (var last = 1; last < _samples.Count; last++)
            {
                // The latest start whose window still spans at least `window` ending at this sample.
                while (first + 1 < last && _samples[last].At - _samples[first + 1].At >= window)
                {
                    first++;
                }

                if (_samples[last].At - _samples[first].At >= window)
                {
                    peak = Math.Max(peak, Busy(_samples[first], _samples[last]));
                }
            }

            return peak;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private static double Busy((DateTime At, long Idle, long Total) from, (DateTime At, long Idle, long Total) to)
    {
        var total = to.Total - from.Total;
        return total <= 0 ? 0 : 100.0 * (1 - ((double)(to.Idle - from.Idle) / total));
    }

    private void Sample()
    {
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user/nice).
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        lock (_samples)
        {
            _samples.Add((DateTime.UtcNow, fields[3], fields.Sum()));
        }
    }
}
