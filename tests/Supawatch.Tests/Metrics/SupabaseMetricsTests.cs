using System.Collections.Immutable;
using System.Text;
using Prometheus;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Metrics;
using Supawatch.Tests.Discovery;

namespace Supawatch.Tests.Metrics;

public class SupabaseMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static InventorySnapshot Inventory(params ContainerInfo[] containers) => InventoryBuilder.Build(
        containers,
        new Dictionary<string, InstanceMetadata>
        {
            ["i1"] = new("i1", "o1", "Acme", "Shop", "active"),
            ["i2"] = new("i2", "o1", "Acme", "Blog", "active"),
        },
        ["kong"], [], 1, Now, true);

    private static async Task<string> RenderAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Update_SetsSeedSeriesFromInventoryStatsAndDatabases()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new SupabaseMetrics(registry);
        var kong = InventoryBuilderTests.Container("i1", "kong") with { RestartCount = 2 };
        var db = InventoryBuilderTests.Container("i1", "db");
        var stats = new Dictionary<string, ContainerStats>
        {
            [kong.Id] = new(12.5, 1000, 4000, 5e9),
            [db.Id] = new(null, 500, null, 1e9),
        };
        var databases = new Dictionary<string, DatabaseConnections>
        {
            ["i1"] = new(ImmutableDictionary<string, int>.Empty.Add("active", 2).Add("idle", 3), 100),
        };

        metrics.Update(Inventory(kong, db), stats, databases, Now);
        var text = await RenderAsync(registry);

        Assert.Contains("supabase_instances_total 2", text, StringComparison.Ordinal);
        Assert.Contains("supabase_instances_by_org{org_id=\"o1\",org_name=\"Acme\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("supabase_instance_status{instance_id=\"i1\",project_name=\"Shop\",host=\"default\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("supabase_instance_status{instance_id=\"i2\",project_name=\"Blog\",host=\"\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("supabase_instance_uptime_seconds{instance_id=\"i1\",host=\"default\"} 300", text, StringComparison.Ordinal);
        Assert.Contains("supabase_instance_cpu_usage_percent{instance_id=\"i1\",host=\"default\"} 12.5", text, StringComparison.Ordinal);
        Assert.Contains("supabase_instance_memory_usage_bytes{instance_id=\"i1\",host=\"default\"} 1500", text, StringComparison.Ordinal);
        Assert.Contains("supabase_docker_container_restarts_total{container_name=\"i1_kong\",instance_id=\"i1\",component=\"kong\",host=\"default\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("supabase_database_connections{instance_id=\"i1\",host=\"default\"} 5", text, StringComparison.Ordinal);
        Assert.Contains("supabase_database_connections_by_state{instance_id=\"i1\",state=\"idle\",host=\"default\"} 3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("supabase_database_connections{instance_id=\"i2\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("supabase_instance_uptime_seconds{instance_id=\"i2\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_VanishedInstanceAndContainer_LoseTheirSeries()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new SupabaseMetrics(registry);
        var kong = InventoryBuilderTests.Container("i1", "kong");
        var gone = InventoryBuilderTests.Container("i3", "kong");
        var noStats = new Dictionary<string, ContainerStats> { [gone.Id] = new(1, 1, 1, 1) };
        var noDatabases = new Dictionary<string, DatabaseConnections>();
        metrics.Update(Inventory(kong, gone), noStats, noDatabases, Now);
        Assert.Contains("i3", await RenderAsync(registry), StringComparison.Ordinal);

        metrics.Update(Inventory(kong), new Dictionary<string, ContainerStats>(), noDatabases, Now);

        Assert.DoesNotContain("i3", await RenderAsync(registry), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ContainerStateChange_ReplacesTheStateSeries()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new SupabaseMetrics(registry);
        var running = InventoryBuilderTests.Container("i1", "kong");
        var noStats = new Dictionary<string, ContainerStats>();
        var noDatabases = new Dictionary<string, DatabaseConnections>();

        metrics.Update(Inventory(running), noStats, noDatabases, Now);
        metrics.Update(Inventory(running with { State = ContainerState.Exited, ExitCode = 137, OomKilled = true }), noStats, noDatabases, Now);
        var text = await RenderAsync(registry);

        Assert.Contains("state=\"exited\",host=\"default\"} 0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("state=\"running\"", text, StringComparison.Ordinal);
        Assert.Contains("supabase_docker_container_last_exit_code{container_name=\"i1_kong\",instance_id=\"i1\",component=\"kong\",host=\"default\"} 137", text, StringComparison.Ordinal);
        Assert.Contains("supabase_docker_container_oom_killed{container_name=\"i1_kong\",instance_id=\"i1\",component=\"kong\",host=\"default\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrackedCounter_ValueGoesDown_SeriesRestartsFromTheNewValue()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var counter = new TrackedCounter(Prometheus.Metrics.WithCustomRegistry(registry).CreateCounter("x_total", "x", "c"));

        counter.Set(5, "a");
        counter.RemoveUnset();
        counter.Set(1, "a");
        counter.RemoveUnset();

        Assert.Contains("x_total{c=\"a\"} 1", await RenderAsync(registry), StringComparison.Ordinal);
    }

    [Fact]
    public void CpuSample_Percent_IsCpuTimeOverWallTime()
    {
        var t0 = new CpuSample(1_000_000_000, Now);
        var t1 = new CpuSample(1_500_000_000, Now.AddSeconds(1));

        Assert.Equal(50, CpuSample.Percent(t0, t1)!.Value, precision: 6);
        Assert.Null(CpuSample.Percent(t1, t0));
        Assert.Null(CpuSample.Percent(t0, t0));
    }

    [Fact]
    public void LabelValue_LongValue_IsClippedWithoutSplittingASurrogatePair()
    {
        var value = new string('a', LabelValue.MaxLength - 1) + "😀tail";

        var clipped = LabelValue.Of(value);

        Assert.Equal(LabelValue.MaxLength - 1, clipped.Length);
        Assert.False(char.IsHighSurrogate(clipped[^1]));
        Assert.Equal("", LabelValue.Of(null));
    }
}
