namespace Supawatch.Metrics;

/// <summary>
/// The last sweep's word on one tenant database: up with a reading, or down with a reason (<see cref="TenantDbReasons"/>)
/// and the server's or driver's message (no secret: Npgsql messages name the user, never the password).
/// </summary>
/// <param name="Up">True read, false could not be read, null not tried (no published port, no credentials): no series then,
/// so a fleet that does not publish its databases' ports raises no alert.</param>
/// <param name="MonitorConnections">Connections Supawatch holds open to this database after the sweep (0 or 1).</param>
/// <param name="ContainerId">The <c>_db</c> container read, so a status outlives neither its container nor its instance.</param>
public sealed record TenantDbStatus(
    bool? Up,
    string? Reason,
    string? Error,
    DateTimeOffset CheckedAt,
    TenantDbReading? Reading,
    int MonitorConnections,
    string ContainerId)
{
    /// <summary>The reading of the last sweep that had one, for the connection budget; kept across failures.</summary>
    public TenantDbReading? LastReading { get; init; }

    /// <summary>Sweeps to skip before opening a connection again (a database at its limit).</summary>
    public int SkipSweeps { get; init; }
}
