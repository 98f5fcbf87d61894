using System.Collections.Frozen;

namespace Supawatch.Instances;

/// <summary>
/// The master-DB project states that mean "not expected to run" — stopped on purpose, or not created yet
/// (<c>SUPAWATCH_STOPPED_STATES</c>, key <c>Health:StoppedStates</c>). The one list the status page (an instance
/// in one of them shows <c>stopped</c>), the exporter (<c>supabase_instance_expected_up</c> 0) and, through that
/// series, the alert rules (it never pages) share; the rule file never spells the states out.
/// </summary>
public sealed class StoppedStates
{
    /// <summary>
    /// The default list. <c>creating</c> is in it: a project still being created has containers missing or starting
    /// on purpose, so it is not an outage; it pages from the first state that is not in the list.
    /// </summary>
    public const string Default = "paused,stopped,inactive,suspended,disabled,archived,creating";

    private readonly FrozenSet<string> _states;

    public StoppedStates(IEnumerable<string> states) =>
        _states = states.Select(s => s.Trim()).Where(s => s.Length > 0).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The states, comma-separated; case does not matter.</summary>
    public static StoppedStates Parse(string? list) =>
        new((list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public IReadOnlyCollection<string> States => _states;

    /// <summary>True when the master DB's state for a project says it is not meant to run.</summary>
    public bool Contains(string? expectedState) => expectedState is not null && _states.Contains(expectedState.Trim());

    /// <summary>
    /// Whether the instance should run: false only when its master-DB state is one of the list. An instance with no
    /// master-DB row, or no state, is expected up (containers nobody registered are still watched).
    /// </summary>
    public bool ExpectsUp(Instance instance) => !Contains(instance.ExpectedState);
}
