using System.Globalization;

namespace Supawatch.Alerting;

/// <summary>Formats a <see cref="TimeSpan"/> the way Prometheus and Alertmanager write durations (<c>90s</c>, <c>5m</c>, <c>4h</c>).</summary>
public static class PrometheusDuration
{
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0s";
        }

        var ms = (long)value.TotalMilliseconds;
        return ms switch
        {
            _ when ms % 3_600_000 == 0 => Invariant(ms / 3_600_000, "h"),
            _ when ms % 60_000 == 0 => Invariant(ms / 60_000, "m"),
            _ when ms % 1000 == 0 => Invariant(ms / 1000, "s"),
            _ => Invariant(ms, "ms"),
        };
    }

    private static string Invariant(long amount, string unit) => amount.ToString(CultureInfo.InvariantCulture) + unit;
}
