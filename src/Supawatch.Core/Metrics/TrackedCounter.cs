using Prometheus;

namespace Supawatch.Metrics;

/// <summary>
/// A labelled counter mirroring a cumulative value read elsewhere (Docker's restart count). When the value
/// goes down — the container was recreated — the series is dropped and restarts from the new value, which
/// Prometheus's rate() reads as a counter reset. Series not set in an update are removed.
/// </summary>
public sealed class TrackedCounter(Counter counter)
{
    private Dictionary<string, string[]> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, string[]> _current = new(StringComparer.Ordinal);

    public void Set(double value, params string[] labels)
    {
        _current[TrackedGauge.Key(labels)] = labels;
        var child = counter.WithLabels(labels);
        if (value < child.Value)
        {
            counter.RemoveLabelled(labels);
            child = counter.WithLabels(labels);
        }

        child.IncTo(value);
    }

    public void RemoveUnset()
    {
        foreach (var (key, labels) in _previous)
        {
            if (!_current.ContainsKey(key))
            {
                counter.RemoveLabelled(labels);
            }
        }

        (_previous, _current) = (_current, _previous);
        _current.Clear();
    }
}
