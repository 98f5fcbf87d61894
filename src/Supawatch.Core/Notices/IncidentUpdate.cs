namespace Supawatch.Notices;

/// <summary>One entry of an incident report's timeline: when, the stage it moved to, what the operator wrote.</summary>
public sealed record IncidentUpdate(DateTimeOffset At, IncidentStage Stage, string Message);
