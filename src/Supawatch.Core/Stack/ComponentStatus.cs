namespace Supawatch.Stack;

/// <summary>One line of <c>stack status</c>.</summary>
/// <param name="State">running, stopped, not answering, not installed, or what docker compose says.</param>
public sealed record ComponentStatus(string Component, string State, string Url, string Version, int? Pid = null)
{
    public bool IsRunning => State == ComponentStates.Running;
}
