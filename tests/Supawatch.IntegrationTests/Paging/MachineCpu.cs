using System.Globalization;

namespace Supawatch.IntegrationTests.Paging;

/// <summary>
/// How busy the machine running the test was between two readings of <c>/proc/stat</c>, measured the way
/// <c>HighCPUUsage</c> reads node_exporter: 100 × (1 − idle time / all time). It tells a true HighCPUUsage page (the
/// test machine itself saturated, as a shared 2-core build box is) from a false one, independently of Prometheus.
/// </summary>
public sealed class MachineCpu
{
    private readonly (long Idle, long Total) _start = Read();

    /// <summary>Percent of CPU time not idle since this object was made.</summary>
    public double BusyPercentSinceStart()
    {
        var now = Read();
        var total = now.Total - _start.Total;
        return total <= 0 ? 0 : 100.0 * (1 - ((double)(now.Idle - _start.Idle) / total));
    }

    private static (long Idle, long Total) Read()
    {
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user/nice).
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields[3], fields.Sum());
    }
}
