using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Metrics;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.TenantDb;

/// <summary>
/// The tenant database collector on a real streaming replication pair (primary, and a replica made by pg_basebackup
/// through a slot): the primary's replication lag and slot series against its own view, the replica read as a replica
/// (in recovery, its replay lag, no failure), and a replica recovering without hot standby as its own error while the
/// primary reads on.
/// </summary>
public sealed class StreamingReplicaTests(ITestOutputHelper output)
{
    private const string Primary = "trp_primary_1";
    private const string Replica = "trp_replica_1";

    [Fact]
    public async Task Sweep_StreamingReplica_PrimaryShowsLagAndSlotReplicaReadInRecovery()
    {
        await using var pair = await StreamingPair.StartAsync();
        var inventory = new InventoryStore();
        inventory.Publish(InventoryBuilder.Build([Db(Primary, pair.PrimaryPort), Db(Replica, pair.ReplicaPort)], null, [], [], 1, DateTimeOffset.UtcNow, true));
        var options = new TenantDbOptions { FromContainer = false, User = "postgres", Timeout = TimeSpan.FromSeconds(3) };
        using var collector = new TenantDbCollector(inventory, options, new DiscoveryOptions(), new TenantDbLogins(options, new DiscoveryOptions(), null),
            new ExporterSelfMetrics(Prometheus.Metrics.NewCustomRegistry()), new RenderSignal(), TimeProvider.System, NullLogger<TenantDbCollector>.Instance);
        try
        {
            // A write the replica replays: the primary measures its standby's replay lag, the replica has a replayed transaction.
            await StreamingPair.ScalarAsync<int>(pair.PrimaryPort, "CREATE TABLE t AS SELECT generate_series(1, 1000) AS x; SELECT 1");
            await Wait.UntilAsync(async () => await StreamingPair.ScalarAsync<long>(pair.ReplicaPort, "SELECT count(*) FROM pg_class WHERE relname = 't'") == 1,
                TimeSpan.FromSeconds(30), "the replica replayed the primary's table");

            TenantDbStatus primary = null!, replica = null!;
            await Wait.UntilAsync(async () =>
            {
                // replay_lag shows for a while after WAL moved, then goes NULL on an idle primary: each try writes first.
                await StreamingPair.ScalarAsync<int>(pair.PrimaryPort, "INSERT INTO t VALUES (0); SELECT 1");
                await Task.Delay(300);
                await collector.SweepAsync(CancellationToken.None);
                (primary, replica) = (collector.Current[Primary], collector.Current[Replica]);
                return primary.Reading?.ReplicationLagSeconds is not null;
            }, TimeSpan.FromSeconds(30), "the primary's replay lag read");

            var retained = await StreamingPair.ScalarAsync<decimal>(pair.PrimaryPort,
                $"SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) FROM pg_replication_slots WHERE slot_name = '{StreamingPair.SlotName}'");
            Assert.True(primary.Up, primary.Error);
            var p = primary.Reading!;
            Assert.False(p.InRecovery);
            Assert.Equal((1, 0), (p.ReplicationSlots, p.InactiveReplicationSlots));
            Assert.InRange(p.ReplicationLagSeconds!.Value, 0, 10);
            Assert.NotNull(p.SlotRetainedBytes);
            Assert.InRange(p.SlotRetainedBytes!.Value, 0, (long)retained + 1024 * 1024);

            Assert.True(replica.Up, replica.Error);
            Assert.Null(replica.Reason);
            var r = replica.Reading!;
            Assert.True(r.InRecovery);
            Assert.NotNull(r.ReplicationLagSeconds);
            Assert.InRange(r.ReplicationLagSeconds!.Value, 0, 60);
            Assert.Equal(0, r.ReplicationSlots);
            Assert.Null(r.SlotRetainedBytes);
            Assert.NotNull(r.WalBytes);

            var exposition = Exposition(inventory, collector);
            Assert.Contains($"supabase_database_up{{instance_id=\"{Replica}\",host=\"default\"}} 1\n", exposition, StringComparison.Ordinal);
            Assert.Contains($"supabase_database_in_recovery{{instance_id=\"{Replica}\",host=\"default\"}} 1\n", exposition, StringComparison.Ordinal);
            Assert.Contains($"supabase_database_in_recovery{{instance_id=\"{Primary}\",host=\"default\"}} 0\n", exposition, StringComparison.Ordinal);
            Assert.Contains($"supabase_database_replication_slots{{instance_id=\"{Primary}\",active=\"true\",host=\"default\"}} 1\n", exposition, StringComparison.Ordinal);
            Assert.Contains($"supabase_database_replication_lag_seconds{{instance_id=\"{Replica}\",host=\"default\"}} ", exposition, StringComparison.Ordinal);
            Assert.Contains($"supabase_database_replication_slot_retained_bytes{{instance_id=\"{Primary}\",host=\"default\"}} ", exposition, StringComparison.Ordinal);
            Assert.DoesNotContain("supabase_database_unreadable{", exposition, StringComparison.Ordinal);
            output.WriteLine($"primary: replay lag {p.ReplicationLagSeconds:F3} s, slot holds {p.SlotRetainedBytes} bytes; replica: {r.ReplicationLagSeconds:F1} s since its last replayed transaction");

            // Recovering without hot standby, the replica refuses every connection: its own reason, the primary reads on.
            await pair.RestartReplicaAsync(hotStandby: false);
            TenantDbStatus recovering = null!;
            await Wait.UntilAsync(async () =>
            {
                await collector.SweepAsync(CancellationToken.None);
                recovering = collector.Current[Replica];
                Assert.NotEqual(true, recovering.Up);
                // 'refused' until the restarted server listens, then PostgreSQL's own word for recovery.
                return recovering.Reason == TenantDbReasons.Starting;
            }, TimeSpan.FromSeconds(20), "the recovering replica reported as starting");
            Assert.Equal(false, recovering.Up);
            Assert.True(collector.Current[Primary].Up);
            var down = Exposition(inventory, collector);
            Assert.Contains($"supabase_database_unreadable{{instance_id=\"{Replica}\",reason=\"starting\",host=\"default\"}} 1\n", down, StringComparison.Ordinal);
            Assert.Contains($"supabase_database_up{{instance_id=\"{Primary}\",host=\"default\"}} 1\n", down, StringComparison.Ordinal);

            await pair.RestartReplicaAsync(hotStandby: true);
            await Wait.UntilAsync(async () =>
            {
                await collector.SweepAsync(CancellationToken.None);
                return collector.Current[Replica].Up == true;
            }, TimeSpan.FromSeconds(20), "the replica read again in hot standby");
            Assert.True(collector.Current[Replica].Reading!.InRecovery);
        }
        finally
        {
            await collector.StopAsync(CancellationToken.None);
        }
    }

    private static ContainerInfo Db(string instanceId, int port) => new()
    {
        Id = instanceId + "-db",
        Name = instanceId + "_db",
        InstanceId = instanceId,
        Component = "db",
        State = ContainerState.Running,
        Ports = [new PublishedPort(5432, "127.0.0.1", port, "tcp")],
    };

    private static string Exposition(InventoryStore inventory, TenantDbCollector collector)
    {
        using var stream = new MemoryStream();
        using (var writer = new ExpositionWriter(stream))
        {
            TenantDbSeries.Write(writer, inventory.Current.Instances, collector.Current);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
