using Prometheus;

namespace Supawatch.Metrics;

/// <summary>
/// A labelled gauge whose series are set afresh on every update; series not set in an update are removed,
/// so a vanished instance or container leaves no stale series behind (prometheus-net "Deleting metrics").
/// </summary>
public sealed class TrackedGauge(Gauge gauge)
{
    private Dictionary<string, string[]> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, string[]> _current = new(StringComparer.Ordinal);

    public void Set(double value, params string[] labels)
    {
        _current[Key(labels)] = labels;
        gauge.WithLabels(labels).Set(value);
    }

    /// <summary>Removes every series not set since the last call.</summary>
    public void RemoveUnset()
    {
        foreach (var (key, labels) in _previous)
        {
            if (!_current.ContainsKey(key))
            {
                gauge.RemoveLabelled(labels);
            }
        }

        (_previous, _current) = (_current, _previous);
        _current.Clear();
    }

    internal static string Key(string[] labels) => string.Join('\u0001', labels);
}
