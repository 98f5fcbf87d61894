using System.Collections.Immutable;
using Supawatch.Instances;

namespace Supawatch.Metrics;

/// <summary>
/// The <c>supabase_database_*</c> family (docs/metrics.md): one set per tenant database, labelled <c>instance_id</c> and
/// <c>host</c> only (and <c>state</c> for connections) — never per table, per query or per role.
/// </summary>
public static class TenantDbSeries
{
    private const string I = "instance_id";
    private const string H = "host";

    private static readonly MetricFamily Up = new("supabase_database_up", "1 when the tenant database answered the last sweep, 0 when it could not be read (reason on /api/v1/instances); absent when not tried (no published port, no credentials).", MetricType.Gauge, I, H);
    private static readonly MetricFamily Unreadable = new("supabase_database_unreadable", "1 with the reason the tenant database could not be read in the last sweep (docs/metrics.md lists them); absent while it reads.", MetricType.Gauge, I, "reason", H);
    private static readonly MetricFamily Connections = new("supabase_database_connections", "Client connections to the instance's database (pg_stat_activity), the monitor's own left out.", MetricType.Gauge, I, H);
    private static readonly MetricFamily ByState = new("supabase_database_connections_by_state", "Client connections by pg_stat_activity state.", MetricType.Gauge, I, "state", H);
    private static readonly MetricFamily MaxConnections = new("supabase_database_max_connections", "The instance database's max_connections.", MetricType.Gauge, I, H);
    private static readonly MetricFamily Reserved = new("supabase_database_reserved_connections", "Connections only superusers may take (superuser_reserved_connections, plus reserved_connections from PostgreSQL 16).", MetricType.Gauge, I, H);
    private static readonly MetricFamily Monitor = new("supabase_database_monitor_connections", "Connections Supawatch itself holds to this database (at most 1).", MetricType.Gauge, I, H);
    private static readonly MetricFamily Size = new("supabase_database_size_bytes", "pg_database_size of the tenant's database.", MetricType.Gauge, I, H);
    private static readonly MetricFamily Commits = new("supabase_database_xact_commit_total", "Transactions committed in the tenant's database (pg_stat_database).", MetricType.Counter, I, H);
    private static readonly MetricFamily Rollbacks = new("supabase_database_xact_rollback_total", "Transactions rolled back in the tenant's database (pg_stat_database).", MetricType.Counter, I, H);
    private static readonly MetricFamily BlocksRead = new("supabase_database_blocks_read_total", "Blocks read from disk (pg_stat_database.blks_read); cache hit ratio is hit / (hit + read).", MetricType.Counter, I, H);
    private static readonly MetricFamily BlocksHit = new("supabase_database_blocks_hit_total", "Blocks found in shared buffers (pg_stat_database.blks_hit).", MetricType.Counter, I, H);
    private static readonly MetricFamily Deadlocks = new("supabase_database_deadlocks_total", "Deadlocks detected in the tenant's database.", MetricType.Counter, I, H);
    private static readonly MetricFamily Conflicts = new("supabase_database_conflicts_total", "Queries cancelled by recovery conflicts (replicas).", MetricType.Counter, I, H);
    private static readonly MetricFamily OldestXact = new("supabase_database_oldest_transaction_seconds", "Age of the oldest open transaction of a client (0 when none).", MetricType.Gauge, I, H);
    private static readonly MetricFamily OldestIdle = new("supabase_database_oldest_idle_in_transaction_seconds", "Time the longest idle-in-transaction session has been idle (0 when none).", MetricType.Gauge, I, H);
    private static readonly MetricFamily Wraparound = new("supabase_database_wraparound_age", "Largest age(datfrozenxid) of the server's databases; PostgreSQL stops new transactions near 2^31.", MetricType.Gauge, I, H);
    private static readonly MetricFamily InRecovery = new("supabase_database_in_recovery", "1 on a replica (or a server recovering), else 0.", MetricType.Gauge, I, H);
    private static readonly MetricFamily Lag = new("supabase_database_replication_lag_seconds", "On a replica, time since its last replayed transaction; on a primary, its standbys' largest replay_lag; absent without replication.", MetricType.Gauge, I, H);
    private static readonly MetricFamily Slots = new("supabase_database_replication_slots", "Replication slots, by whether a consumer is attached (active).", MetricType.Gauge, I, "active", H);
    private static readonly MetricFamily SlotRetained = new("supabase_database_replication_slot_retained_bytes", "WAL the oldest replication slot holds back; absent without slots.", MetricType.Gauge, I, H);
    private static readonly MetricFamily Wal = new("supabase_database_wal_bytes", "Size of pg_wal; absent when the role may not run pg_ls_waldir() (superuser or pg_monitor may).", MetricType.Gauge, I, H);

    public static void Write(ExpositionWriter writer, ImmutableArray<Instance> instances, IReadOnlyDictionary<string, TenantDbStatus> databases)
    {
        writer.Family(Up);
        foreach (var instance in instances)
        {
            if (databases.TryGetValue(instance.InstanceId, out var db) && db.Up is { } up)
            {
                writer.Sample(Up, up ? 1 : 0, instance.InstanceId, instance.Host);
            }
        }

        writer.Family(Unreadable);
        foreach (var instance in instances)
        {
            if (databases.TryGetValue(instance.InstanceId, out var db) && db.Up == false)
            {
                writer.Sample(Unreadable, 1, instance.InstanceId, db.Reason ?? TenantDbReasons.Error, instance.Host);
            }
        }

        Each(writer, Connections, instances, databases, r => r.Connections);
        writer.Family(ByState);
        foreach (var instance in instances)
        {
            if (databases.TryGetValue(instance.InstanceId, out var db) && db.Reading is { } reading)
            {
                foreach (var (state, count) in reading.ByState)
                {
                    writer.Sample(ByState, count, instance.InstanceId, LabelValue.Of(state), instance.Host);
                }
            }
        }

        Each(writer, MaxConnections, instances, databases, r => r.MaxConnections);
        Each(writer, Reserved, instances, databases, r => r.ReservedConnections);
        writer.Family(Monitor);
        foreach (var instance in instances)
        {
            if (databases.TryGetValue(instance.InstanceId, out var db) && db.Up is not null)
            {
                writer.Sample(Monitor, db.MonitorConnections, instance.InstanceId, instance.Host);
            }
        }

        Each(writer, Size, instances, databases, r => r.SizeBytes);
        Each(writer, Commits, instances, databases, r => r.XactCommit);
        Each(writer, Rollbacks, instances, databases, r => r.XactRollback);
        Each(writer, BlocksRead, instances, databases, r => r.BlocksRead);
        Each(writer, BlocksHit, instances, databases, r => r.BlocksHit);
        Each(writer, Deadlocks, instances, databases, r => r.Deadlocks);
        Each(writer, Conflicts, instances, databases, r => r.Conflicts);
        Each(writer, OldestXact, instances, databases, r => r.OldestTransactionSeconds);
        Each(writer, OldestIdle, instances, databases, r => r.OldestIdleInTransactionSeconds);
        Each(writer, Wraparound, instances, databases, r => r.WraparoundAge);
        Each(writer, InRecovery, instances, databases, r => r.InRecovery ? 1 : 0);
        Each(writer, Lag, instances, databases, r => r.ReplicationLagSeconds);
        writer.Family(Slots);
        foreach (var instance in instances)
        {
            if (databases.TryGetValue(instance.InstanceId, out var db) && db.Reading is { ReplicationSlots: > 0 } reading)
            {
                writer.Sample(Slots, reading.ReplicationSlots - reading.InactiveReplicationSlots, instance.InstanceId, "true", instance.Host);
                writer.Sample(Slots, reading.InactiveReplicationSlots, instance.InstanceId, "false", instance.Host);
            }
        }

        Each(writer, SlotRetained, instances, databases, r => r.SlotRetainedBytes);
        Each(writer, Wal, instances, databases, r => r.WalBytes);
    }

    /// <summary>One family, one sample per tenant with a reading; a null value writes no series.</summary>
    private static void Each(
        ExpositionWriter writer, MetricFamily family, ImmutableArray<Instance> instances,
        IReadOnlyDictionary<string, TenantDbStatus> databases, Func<TenantDbReading, double?> value)
    {
        writer.Family(family);
        foreach (var instance in instances)
        {
            if (databases.TryGetValue(instance.InstanceId, out var db) && db.Reading is { } reading && value(reading) is { } v)
            {
                writer.Sample(family, v, instance.InstanceId, instance.Host);
            }
        }
    }
}
