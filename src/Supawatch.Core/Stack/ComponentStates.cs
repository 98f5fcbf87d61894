namespace Supawatch.Stack;

/// <summary>The states <c>stack status</c> prints.</summary>
public static class ComponentStates
{
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string NotAnswering = "not answering";
    public const string NotInstalled = "not installed";

    /// <summary>It died; its supervisor starts it again after the backoff.</summary>
    public const string Restarting = "restarting";

    /// <summary>It died too often in a row; its supervisor gave up and it stays down until <c>stack start</c>.</summary>
    public const string CrashLoop = "crash loop";

    /// <summary>Supawatch runs but does not see what it watches (no Docker engine, no master DB).</summary>
    public const string Degraded = "degraded";
}
