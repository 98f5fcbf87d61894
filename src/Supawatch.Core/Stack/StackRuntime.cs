namespace Supawatch.Stack;

/// <summary>How the monitoring stack runs: <c>docker compose</c>, or binaries on PATH as background processes.</summary>
public enum StackRuntime
{
    /// <summary>Docker when a Docker engine answers, native otherwise.</summary>
    Auto,
    Docker,
    Native,
}
