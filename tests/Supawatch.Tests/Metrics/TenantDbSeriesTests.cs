using System.Collections.Immutable;
using System.Text;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Metrics;
using Supawatch.Tests.Discovery;

namespace Supawatch.Tests.Metrics;

public sealed class TenantDbSeriesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static TenantDbStatus Read(string containerId, ImmutableDictionary<string, int> byState, double? lag = null, int slots = 0, long? wal = 16777216) =>
        new(true, null, null, Now, new TenantDbReading(byState, 100, 3, 7_500_000, 1234, 5, 77, 9999, 2, 0, 12.5, 4, 150_000_000, false, lag, slots, slots > 0 ? 1 : 0, slots > 0 ? 4096 : null, wal), 1, containerId);

    private static string Render(IReadOnlyDictionary<string, TenantDbStatus> databases, params ContainerInfo[] containers)
    {
        var inventory = InventoryBuilder.Build(containers, null, [], [], 1, Now, true);
        using var stream = new MemoryStream();
        using (var writer = new ExpositionWriter(stream))
        {
            TenantDbSeries.Write(writer, inventory.Instances, databases);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Write_Reading_EverySeriesPerTenantWithItsValue()
    {
        var db = InventoryBuilderTests.Container("i1", "db");
        var text = Render(new Dictionary<string, TenantDbStatus> { ["i1"] = Read(db.Id, ImmutableDictionary<string, int>.Empty.Add("active", 2).Add("idle in transaction", 1), lag: 1.5, slots: 2) }, db);

        string[] expected =
        [
            "supabase_database_up{instance_id=\"i1\",host=\"default\"} 1",
            "supabase_database_connections{instance_id=\"i1\",host=\"default\"} 3",
            "supabase_database_connections_by_state{instance_id=\"i1\",state=\"idle in transaction\",host=\"default\"} 1",
            "supabase_database_max_connections{instance_id=\"i1\",host=\"default\"} 100",
            "supabase_database_reserved_connections{instance_id=\"i1\",host=\"default\"} 3",
            "supabase_database_monitor_connections{instance_id=\"i1\",host=\"default\"} 1",
            "supabase_database_size_bytes{instance_id=\"i1\",host=\"default\"} 7500000",
            "supabase_database_xact_commit_total{instance_id=\"i1\",host=\"default\"} 1234",
            "supabase_database_xact_rollback_total{instance_id=\"i1\",host=\"default\"} 5",
            "supabase_database_blocks_read_total{instance_id=\"i1\",host=\"default\"} 77",
            "supabase_database_blocks_hit_total{instance_id=\"i1\",host=\"default\"} 9999",
            "supabase_database_deadlocks_total{instance_id=\"i1\",host=\"default\"} 2",
            "supabase_database_conflicts_total{instance_id=\"i1\",host=\"default\"} 0",
            "supabase_database_oldest_transaction_seconds{instance_id=\"i1\",host=\"default\"} 12.5",
            "supabase_database_oldest_idle_in_transaction_seconds{instance_id=\"i1\",host=\"default\"} 4",
            "supabase_database_wraparound_age{instance_id=\"i1\",host=\"default\"} 150000000",
            "supabase_database_in_recovery{instance_id=\"i1\",host=\"default\"} 0",
            "supabase_database_replication_lag_seconds{instance_id=\"i1\",host=\"default\"} 1.5",
            "supabase_database_replication_slots{instance_id=\"i1\",active=\"true\",host=\"default\"} 1",
            "supabase_database_replication_slots{instance_id=\"i1\",active=\"false\",host=\"default\"} 1",
            "supabase_database_replication_slot_retained_bytes{instance_id=\"i1\",host=\"default\"} 4096",
            "supabase_database_wal_bytes{instance_id=\"i1\",host=\"default\"} 16777216",
        ];
        foreach (var line in expected)
        {
            Assert.Contains(line + "\n", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_NoReplicationNoWalRights_ThoseSeriesAbsent()
    {
        var db = InventoryBuilderTests.Container("i1", "db");
        var text = Render(new Dictionary<string, TenantDbStatus> { ["i1"] = Read(db.Id, ImmutableDictionary<string, int>.Empty, wal: null) }, db);

        Assert.DoesNotContain("supabase_database_replication_lag_seconds{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("supabase_database_replication_slots{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("supabase_database_wal_bytes{", text, StringComparison.Ordinal);
        Assert.Contains("supabase_database_connections{instance_id=\"i1\",host=\"default\"} 0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Unreadable_UpZeroAndNoFigures()
    {
        var db = InventoryBuilderTests.Container("i1", "db");
        var down = new TenantDbStatus(false, TenantDbReasons.Auth, "password authentication failed for user \"postgres\"", Now, null, 0, db.Id);
        var text = Render(new Dictionary<string, TenantDbStatus> { ["i1"] = down }, db);

        Assert.Contains("supabase_database_up{instance_id=\"i1\",host=\"default\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("supabase_database_monitor_connections{instance_id=\"i1\",host=\"default\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("supabase_database_connections{", text, StringComparison.Ordinal);
        Assert.DoesNotContain("supabase_database_size_bytes{", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NotTried_NoSeriesAtAll()
    {
        var db = InventoryBuilderTests.Container("i1", "db");
        var untried = new TenantDbStatus(null, TenantDbReasons.NoPort, "container port 5432/tcp is not published", Now, null, 0, db.Id);
        var text = Render(new Dictionary<string, TenantDbStatus> { ["i1"] = untried }, db);

        Assert.DoesNotContain("{instance_id=\"i1\"", text, StringComparison.Ordinal);
    }
}
