namespace Supawatch.Stack;

/// <summary>One line of <c>stack status</c> (and one entry of its <c>--json</c> document).</summary>
/// <param name="State">running, stopped, not answering, not installed, crash loop, or what docker compose says.</param>
/// <param name="Version">The program's version (native) or the image (docker).</param>
/// <param name="Restarts">Restarts since the stack started (the native supervisor's, or Docker's restart count); null when unknown.</param>
/// <param name="LastExit">How the last run ended (<c>exit 1</c>, <c>signal 9</c>); null when it has not ended since the stack started.</param>
/// <param name="Since">When the component entered its state (started, or last died); null when unknown.</param>
/// <param name="Health">Docker's health check state (docker runtime); null when there is none.</param>
public sealed record ComponentStatus(
    string Component,
    string State,
    string Url,
    string Version,
    int? Pid = null,
    int? Restarts = null,
    string? LastExit = null,
    DateTimeOffset? Since = null,
    string? Health = null)
{
    public bool IsRunning => State == ComponentStates.Running;
}
