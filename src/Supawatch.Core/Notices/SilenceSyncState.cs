namespace Supawatch.Notices;

/// <summary>How the maintenance silences stand with Alertmanager, for <c>/readyz</c> and the metrics.</summary>
/// <param name="InSync">False while the last attempt to create or expire a silence failed.</param>
/// <param name="Failures">Failed attempts in a row.</param>
/// <param name="Error">Why the last attempt failed (no credentials in it).</param>
/// <param name="Silences">Silences Supawatch holds for running or imminent windows.</param>
public sealed record SilenceSyncState(bool InSync, int Failures, string? Error, DateTimeOffset? FailingSince, int Silences)
{
    public static SilenceSyncState Initial { get; } = new(true, 0, null, null, 0);
}
