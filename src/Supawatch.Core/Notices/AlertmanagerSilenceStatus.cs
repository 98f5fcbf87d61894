namespace Supawatch.Notices;

/// <summary>A silence's state: <c>pending</c>, <c>active</c> or <c>expired</c>.</summary>
public sealed record AlertmanagerSilenceStatus(string State);
