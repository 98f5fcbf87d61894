using System.Collections.Immutable;
using System.Text;
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

    private static readonly Dictionary<string, ContainerStats> NoStats = [];
    private static readonly Dictionary<string, TenantDbStatus> NoDatabases = [];

    private static string Render(
        InventorySnapshot inventory,
        IReadOnlyDictionary<string, ContainerStats>? stats = null,
        IReadOnlyDictionary<string, TenantDbStatus>? databases = null)
    {
        using var stream = new MemoryStream();
        using (var writer = new ExpositionWriter(stream))
        {
            SupabaseMetrics.Write(writer, inventory, stats ?? NoStats, databases ?? NoDatabases, StoppedStates.Parse(StoppedStates.Default), Now);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Write_SetsSeedSeriesFromInventoryStatsAndDatabases()
    {
        var kong = InventoryBuilderTests.Container("i1", "kong") with { RestartCount = 2 };
        var db = InventoryBuilderTests.Container("i1", "db");
        var stats = new Dictionary<string, ContainerStats>
        {
            [kong.Id] = new(12.5, 1000, 4000, 5e9),
            [db.Id] = new(null, 500, null, 1e9),
        };
        var databases = new Dictionary<string, TenantDbStatus>
        {
            ["i1"] = TenantDbSeriesTests.Read(db.Id, ImmutableDictionary<string, int>.Empty.Add("active", 2).Add("idle", 3)),
        };

        var text = Render(Inventory(kong, db), stats, databases);

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
    public void Write_VanishedInstanceAndContainer_LoseTheirSeries()
    {
        var kong = InventoryBuilderTests.Container("i1", "kong");
        var gone = InventoryBuilderTests.Container("i3", "kong");
        var staleStats = new Dictionary<string, ContainerStats> { [gone.Id] = new(1, 1, 1, 1) };
        Assert.Contains("i3", Render(Inventory(kong, gone), staleStats), StringComparison.Ordinal);

        // The stats collector may still hold the vanished container's last reading: it must not bring the series back.
        Assert.DoesNotContain("i3", Render(Inventory(kong), staleStats), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_StoppedContainer_HasOnlyItsNewStateAndItsExit()
    {
        var running = InventoryBuilderTests.Container("i1", "kong");

        Assert.DoesNotContain("supabase_docker_container_last_exit_code{", Render(Inventory(running)), StringComparison.Ordinal);
        var text = Render(Inventory(running with { State = ContainerState.Exited, ExitCode = 137, OomKilled = true }));

        Assert.Contains("state=\"exited\",host=\"default\"} 0", text, StringComparison.Ordinal);
        Assert.DoesNotContain("state=\"running\"", text, StringComparison.Ordinal);
        Assert.Contains("supabase_docker_container_last_exit_code{container_name=\"i1_kong\",instance_id=\"i1\",component=\"kong\",host=\"default\"} 137", text, StringComparison.Ordinal);
        Assert.Contains("supabase_docker_container_oom_killed{container_name=\"i1_kong\",instance_id=\"i1\",component=\"kong\",host=\"default\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_EveryFamilyHasHelpAndTypeOnce_AndRestartsIsACounter()
    {
        var text = Render(Inventory(InventoryBuilderTests.Container("i1", "kong")));

        var types = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).ToList();
        Assert.Equal(types.Count, types.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("# TYPE supabase_docker_container_restarts_total counter", types);
        Assert.Contains("# TYPE supabase_instances_total gauge", types);
        Assert.Equal(types.Count, text.Split('\n').Count(l => l.StartsWith("# HELP ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("line\nfeed", "line\\nfeed")]
    [InlineData("ação 東京 😀", "ação 東京 😀")]
    public void ExpositionWriter_LabelValue_IsEscapedAsTheFormatSays(string value, string written)
    {
        var family = new MetricFamily("x", "help", MetricType.Gauge, "l");
        using var stream = new MemoryStream();
        using (var writer = new ExpositionWriter(stream))
        {
            writer.Sample(family, 1, value);
        }

        Assert.Equal($"x{{l=\"{written}\"}} 1\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(300d, "300")]
    [InlineData(12.5, "12.5")]
    [InlineData(1764331200.123, "1764331200.123")]
    public void ExpositionWriter_Value_IsWrittenAsPrometheusParsesIt(double value, string written)
    {
        using var stream = new MemoryStream();
        using (var writer = new ExpositionWriter(stream))
        {
            writer.Sample(new MetricFamily("x", "help", MetricType.Gauge), value);
        }

        Assert.Equal($"x {written}\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void ExpositionWriter_ValuesLongerThanItsBuffer_AreWrittenWhole()
    {
        // 200,000 characters: several buffer flushes, a surrogate pair at every possible step boundary.
        var value = string.Concat(Enumerable.Repeat("😀x", 66_667));
        using var stream = new MemoryStream();
        using (var writer = new ExpositionWriter(stream))
        {
            writer.Sample(new MetricFamily("x", "help", MetricType.Gauge, "l"), 1, value);
        }

        Assert.Equal($"x{{l=\"{value}\"}} 1\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void ExpositionWriter_WrongNumberOfLabelValues_Throws()
    {
        using var writer = new ExpositionWriter(Stream.Null);

        Assert.Throws<ArgumentException>(() => writer.Sample(new MetricFamily("x", "help", MetricType.Gauge, "a", "b"), 1, "only one"));
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
