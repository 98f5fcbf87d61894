namespace Supawatch.History;

/// <summary>Whether the history store is writable, and if not, what is wrong and how much waits in memory.</summary>
/// <param name="Error">What went wrong and what to fix (locked, corrupt, disk full…); never holds a secret.</param>
/// <param name="PendingRounds">Completed rounds kept in memory until the store accepts them.</param>
/// <param name="DroppedRounds">Rounds dropped because the in-memory queue was full.</param>
public sealed record HistoryState(bool Ok, string? Error, DateTimeOffset? FailingSince, long Errors, int PendingRounds, long DroppedRounds)
{
    public static HistoryState Healthy { get; } = new(true, null, null, 0, 0, 0);
}
