using System.Collections.Immutable;
using Npgsql;

namespace Supawatch.Metrics;

/// <summary>
/// The one batch a sweep sends to a tenant database: a single round trip, catalog views only, bounded by the
/// connection's <c>statement_timeout</c>. Per database only — no per-table or per-query series.
/// </summary>
public static class TenantDbQuery
{
    /// <summary>Run once per connection: may this role list <c>pg_wal</c> (superuser or pg_monitor)?</summary>
    public const string Prelude = "SELECT has_function_privilege('pg_ls_waldir()', 'EXECUTE')";

    private const string Activity = """
        SELECT coalesce(state, 'unknown'), count(*)::int
        FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
        GROUP BY 1;
        """;

    private const string Figures = """
        SELECT current_setting('max_connections')::int,
               current_setting('superuser_reserved_connections')::int + coalesce(current_setting('reserved_connections', true)::int, 0),
               pg_database_size(current_database()),
               d.xact_commit, d.xact_rollback, d.blks_read, d.blks_hit, d.deadlocks, d.conflicts,
               (SELECT coalesce(max(extract(epoch FROM clock_timestamp() - xact_start)), 0)::float8 FROM pg_stat_activity
                 WHERE xact_start IS NOT NULL AND backend_type = 'client backend' AND pid <> pg_backend_pid()),
               (SELECT coalesce(max(extract(epoch FROM clock_timestamp() - state_change)), 0)::float8 FROM pg_stat_activity
                 WHERE state IN ('idle in transaction', 'idle in transaction (aborted)') AND pid <> pg_backend_pid()),
               (SELECT max(age(datfrozenxid)) FROM pg_database)::bigint,
               pg_is_in_recovery(),
               CASE WHEN pg_is_in_recovery() THEN extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8
                    ELSE (SELECT max(extract(epoch FROM replay_lag))::float8 FROM pg_stat_replication) END,
               (SELECT count(*) FROM pg_replication_slots)::int,
               (SELECT count(*) FROM pg_replication_slots WHERE NOT active)::int,
               CASE WHEN pg_is_in_recovery() THEN NULL
                    ELSE (SELECT max(pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn))::bigint FROM pg_replication_slots) END
        FROM pg_stat_database d WHERE d.datname = current_database();
        """;

    private const string Wal = "SELECT coalesce(sum(size), 0)::bigint FROM pg_ls_waldir();";

    private static readonly string WithWal = Activity + Figures + Wal;
    private static readonly string WithoutWal = Activity + Figures;

    public static async Task<TenantDbReading> ReadAsync(NpgsqlConnection connection, bool canReadWal, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(canReadWal ? WithWal : WithoutWal, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var byState = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            byState[reader.GetString(0)] = reader.GetInt32(1);
        }

        await reader.NextResultAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("pg_stat_database has no row for the current database");
        }

        double? lag = reader.IsDBNull(13) ? null : Math.Max(0, reader.GetDouble(13));
        long? retained = reader.IsDBNull(16) ? null : reader.GetInt64(16);
        var reading = new TenantDbReading(
            byState.ToImmutable(),
            MaxConnections: reader.GetInt32(0),
            ReservedConnections: reader.GetInt32(1),
            SizeBytes: reader.GetInt64(2),
            XactCommit: reader.GetInt64(3),
            XactRollback: reader.GetInt64(4),
            BlocksRead: reader.GetInt64(5),
            BlocksHit: reader.GetInt64(6),
            Deadlocks: reader.GetInt64(7),
            Conflicts: reader.GetInt64(8),
            OldestTransactionSeconds: reader.GetDouble(9),
            OldestIdleInTransactionSeconds: reader.GetDouble(10),
            WraparoundAge: reader.GetInt64(11),
            InRecovery: reader.GetBoolean(12),
            ReplicationLagSeconds: lag,
            ReplicationSlots: reader.GetInt32(14),
            InactiveReplicationSlots: reader.GetInt32(15),
            SlotRetainedBytes: retained,
            WalBytes: null);
        if (canReadWal && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken))
        {
            reading = reading with { WalBytes = reader.GetInt64(0) };
        }

        return reading;
    }
}
