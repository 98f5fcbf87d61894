namespace Supawatch.Notices;

/// <summary>
/// A window as the operator asks for it (<c>POST /api/v1/maintenance</c>, <c>supawatch maintenance add</c>): exactly one of
/// <see cref="InstanceId"/>, <see cref="OrgId"/>, <see cref="Host"/>; <see cref="Start"/> (default now); <see cref="End"/>
/// or <see cref="Duration"/> (<c>90m</c>, <c>2h</c>, seconds); optionally <see cref="Recurrence"/> (cron, UTC) with
/// <see cref="Until"/>.
/// </summary>
public sealed record MaintenanceRequest
{
    public string? InstanceId { get; init; }
    public string? OrgId { get; init; }
    public string? Host { get; init; }
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public string? Duration { get; init; }
    public string? Recurrence { get; init; }
    public DateTimeOffset? Until { get; init; }
    public string? Note { get; init; }
}
