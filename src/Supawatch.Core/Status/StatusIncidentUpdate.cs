namespace Supawatch.Status;

/// <summary>One entry of an incident report's timeline.</summary>
public sealed record StatusIncidentUpdate(DateTimeOffset At, string Status, string Message);
