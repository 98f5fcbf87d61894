namespace Supawatch.Notices;

/// <summary>
/// Opening an incident report (<c>POST /api/v1/incidents</c>: one of <see cref="InstanceId"/> and <see cref="OrgId"/>, a
/// title, a message, a stage) or posting an update to one (<c>POST /api/v1/incidents/{id}/updates</c>: message and stage).
/// </summary>
public sealed record IncidentRequest
{
    public string? InstanceId { get; init; }
    public string? OrgId { get; init; }
    public string? Title { get; init; }
    public string? Status { get; init; }
    public string? Message { get; init; }
}
