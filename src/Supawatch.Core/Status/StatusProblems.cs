namespace Supawatch.Status;

/// <summary>What is wrong with Supawatch itself, named without internal details.</summary>
/// <param name="HistoryError">Set while the history store fails: uptime shown is from the last good read.</param>
/// <param name="FailingSources">Discovery sources whose last attempt failed (<c>docker</c>, <c>master_db</c>).</param>
public sealed record StatusProblems(bool HistoryOk, string? HistoryError, int PendingRounds, IReadOnlyList<string> FailingSources);
