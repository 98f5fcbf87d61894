using System.Collections.Immutable;

namespace Supawatch.Metrics;

/// <summary>What one read of a tenant database saw; the figures behind the <c>supabase_database_*</c> series (docs/metrics.md).</summary>
/// <param name="ByState">Client backends by <c>pg_stat_activity</c> state, the monitor's own left out.</param>
/// <param name="ReservedConnections"><c>superuser_reserved_connections</c> (plus <c>reserved_connections</c> from PostgreSQL 16).</param>
/// <param name="ReplicationLagSeconds">On a replica, time since the last replayed transaction; on a primary, the largest
/// <c>replay_lag</c> of its standbys; null when there is no replication.</param>
/// <param name="SlotRetainedBytes">WAL the oldest replication slot holds back; null without slots or on a replica.</param>
/// <param name="WalBytes">Size of <c>pg_wal</c>; null when the role may not run <c>pg_ls_waldir()</c>.</param>
public sealed record TenantDbReading(
    ImmutableDictionary<string, int> ByState,
    int MaxConnections,
    int ReservedConnections,
    long SizeBytes,
    long XactCommit,
    long XactRollback,
    long BlocksRead,
    long BlocksHit,
    long Deadlocks,
    long Conflicts,
    double OldestTransactionSeconds,
    double OldestIdleInTransactionSeconds,
    long WraparoundAge,
    bool InRecovery,
    double? ReplicationLagSeconds,
    int ReplicationSlots,
    int InactiveReplicationSlots,
    long? SlotRetainedBytes,
    long? WalBytes)
{
    /// <summary>Client connections, the monitor's own left out.</summary>
    public int Connections => ByState.Values.Sum();

    /// <summary>Connections an ordinary role may open: <c>max_connections</c> less the reserved ones.</summary>
    public int UsableConnections => Math.Max(0, MaxConnections - ReservedConnections);
}
