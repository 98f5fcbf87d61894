namespace Supawatch.Stack;

/// <summary>What <c>stack status</c> prints and whether it exits 0.</summary>
/// <param name="Table">The components, one line each, as the runtime shows them.</param>
/// <param name="AllRunning">Every component that must run does.</param>
/// <param name="Problems">What the running Supawatch cannot see (its Docker hosts, the master DB); null when nothing.</param>
/// <param name="Components">The same components as data, for <c>stack status --json</c>.</param>
public sealed record StackStatusReport(string Table, bool AllRunning, IReadOnlyList<string>? Problems, IReadOnlyList<ComponentStatus> Components)
{
    public bool Ok => AllRunning && Problems is null;
}
