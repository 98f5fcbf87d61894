using Supawatch.Instances;

namespace Supawatch.Health;

/// <summary>
/// Holds each instance's confirmed status and flips it only after the new status has been seen
/// <see cref="HealthOptions.FailureThreshold"/> rounds in a row (worse) or <see cref="HealthOptions.SuccessThreshold"/>
/// (better), so one lost packet does not make an incident. Moves to or from stopped or unknown are
/// taken at once: they come from the master DB or from the inventory, not from a flaky network.
/// Not thread-safe: one round at a time.
/// </summary>
public sealed class StatusConfirmation(int failureThreshold, int successThreshold)
{
    private readonly Dictionary<string, State> _states = new(StringComparer.Ordinal);

    public int Count => _states.Count;

    /// <summary>Starts an instance from a status remembered across restarts (the history store's last change).</summary>
    public void Seed(string instanceId, HealthStatus status, DateTimeOffset since) =>
        _states[instanceId] = new State { Confirmed = status, Since = since };

    /// <summary>Records this round's observed status and returns the confirmed one, with the change if it flipped.</summary>
    public (HealthStatus Confirmed, DateTimeOffset Since, StatusChange? Change) Observe(
        string instanceId, HealthStatus observed, string? cause, DateTimeOffset now)
    {
        if (!_states.TryGetValue(instanceId, out var state))
        {
            state = new State { Confirmed = HealthStatus.Unknown, Since = now };
            _states[instanceId] = state;
        }

        if (observed == state.Confirmed)
        {
            state.Candidate = null;
            state.Seen = 0;
            return (state.Confirmed, state.Since, null);
        }

        if (state.Candidate == observed)
        {
            state.Seen++;
        }
        else
        {
            state.Candidate = observed;
            state.Seen = 1;
        }

        if (state.Seen < Needed(state.Confirmed, observed))
        {
            return (state.Confirmed, state.Since, null);
        }

        var change = new StatusChange(instanceId, state.Confirmed, observed, now, cause);
        state.Confirmed = observed;
        state.Since = now;
        state.Candidate = null;
        state.Seen = 0;
        return (observed, now, change);
    }

    /// <summary>Forgets instances that left the inventory; each becomes unknown (which closes its open incident).</summary>
    public IReadOnlyList<StatusChange> ForgetAllBut(IReadOnlySet<string> present, DateTimeOffset now)
    {
        var gone = _states.Keys.Where(id => !present.Contains(id)).ToList();
        var changes = new List<StatusChange>();
        foreach (var id in gone)
        {
            if (_states[id].Confirmed != HealthStatus.Unknown)
            {
                changes.Add(new StatusChange(id, _states[id].Confirmed, HealthStatus.Unknown, now, "instance removed"));
            }

            _states.Remove(id);
        }

        return changes;
    }

    private int Needed(HealthStatus from, HealthStatus to)
    {
        if (from.Severity() < 0 || to.Severity() < 0)
        {
            return 1;
        }

        return to.Severity() > from.Severity() ? Math.Max(1, failureThreshold) : Math.Max(1, successThreshold);
    }

    private sealed class State
    {
        public HealthStatus Confirmed { get; set; }
        public DateTimeOffset Since { get; set; }
        public HealthStatus? Candidate { get; set; }
        public int Seen { get; set; }
    }
}
