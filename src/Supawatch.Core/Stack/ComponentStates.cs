namespace Supawatch.Stack;

/// <summary>The states <c>stack status</c> prints.</summary>
public static class ComponentStates
{
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string NotAnswering = "not answering";
    public const string NotInstalled = "not installed";

    /// <summary>Supawatch runs but does not see what it watches (no Docker engine, no master DB).</summary>
    public const string Degraded = "degraded";
}
