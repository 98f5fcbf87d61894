namespace Supawatch.History;

/// <summary>A time an instance was down: opened when it was confirmed down, closed when it left down.</summary>
public sealed record Incident(long Id, string InstanceId, string? OrgId, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string? Cause)
{
    public bool IsOpen => EndedAt is null;

    public TimeSpan DurationAt(DateTimeOffset now) => (EndedAt ?? now) - StartedAt;
}
