using Supawatch.Metrics;

namespace Supawatch.Api;

/// <summary>
/// A tenant database as the last sweep saw it, in the operator API: up, or the reason and message it could not be read.
/// Never a credential.
/// </summary>
/// <param name="Up">True read, false unreadable, null not tried (see <see cref="Reason"/>).</param>
public sealed record DatabaseView(
    bool? Up,
    string? Reason,
    string? Error,
    DateTimeOffset CheckedAt,
    int? Connections,
    int? MaxConnections,
    int? ReservedConnections,
    int MonitorConnections)
{
    public static DatabaseView From(TenantDbStatus status) => new(
        status.Up,
        status.Reason,
        status.Error,
        status.CheckedAt,
        status.Reading?.Connections,
        status.Reading?.MaxConnections,
        status.Reading?.ReservedConnections,
        status.MonitorConnections);
}
