using Prometheus;

namespace Supawatch.Metrics;

/// <summary>
/// A labelled counter mirroring a cumulative value read elsewhere (Docker's restart count). When the value
/// goes down — the container was recreated — the series is dropped and restarts from the new value, which
/// Prometheus's rate() reads as a counter reset. Series not set in an update are removed. Children are cached
/// by label key, as in <see cref="TrackedGauge"/>.
/// </summary>
public sealed class TrackedCounter(Counter counter)
{
    private Dictionary<string, (string[] Labels, Counter.Child Child)> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, (string[] Labels, Counter.Child Child)> _current = new(StringComparer.Ordinal);

    public void Set(double value, params string[] labels)
    {
        var key = TrackedGauge.Key(labels);
        if (!_previous.TryGetValue(key, out var entry) && !_current.TryGetValue(key, out entry))
        {
            entry = (labels, counter.WithLabels(labels));
        }

        if (value < entry.Child.Value)
        {
            counter.RemoveLabelled(labels);
            entry = (labels, counter.WithLabels(labels));
        }

        _current[key] = entry;
        entry.Child.IncTo(value);
    }

    public void RemoveUnset()
    {
        foreach (var (key, entry) in _previous)
        {
            if (!_current.ContainsKey(key))
            {
                counter.RemoveLabelled(entry.Labels);
            }
        }

        (_previous, _current) = (_current, _previous);
        _current.Clear();
    }
}
