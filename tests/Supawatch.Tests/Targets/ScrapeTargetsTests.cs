using System.Text.Json;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Targets;
using Supawatch.Tests.Discovery;

namespace Supawatch.Tests.Targets;

public class ScrapeTargetsTests
{
    private static readonly DiscoveryOptions KongPluginOn = new() { KongMetricsPort = 8100 };

    /// <summary>
    /// A Supabase instance as docker compose publishes it: Kong's proxy (8000, on IPv4 and IPv6) and its Status API
    /// (8100), Studio, PostgreSQL, and a PostgREST that opts in on its admin port with its own path.
    /// </summary>
    private static InventorySnapshot Snapshot(string? projectName = "Shop") => InventoryBuilder.Build(
        [
            InventoryBuilderTests.Container("i1", "kong", ContainerState.Running,
                new PublishedPort(8000, "0.0.0.0", 8001, "tcp"), new PublishedPort(8000, "::", 8001, "tcp"),
                new PublishedPort(8100, "::", 8101, "tcp"), new PublishedPort(8100, "0.0.0.0", 8101, "tcp"), new PublishedPort(8443, "127.0.0.1", 8444, "tcp")),
            InventoryBuilderTests.Container("i1", "studio", ContainerState.Running, new PublishedPort(3000, "::", 3001, "tcp"), new PublishedPort(53, "127.0.0.1", 5353, "udp")),
            InventoryBuilderTests.Container("i1", "db", ContainerState.Running, new PublishedPort(5432, "127.0.0.1", 5433, "tcp")),
            InventoryBuilderTests.Container("i1", "rest", ContainerState.Running,
                new PublishedPort(3000, "127.0.0.1", 13000, "tcp"), new PublishedPort(3001, "127.0.0.1", 13001, "tcp")) with { MetricsPort = 3001, MetricsPath = "/admin/metrics" },
        ],
        new Dictionary<string, InstanceMetadata> { ["i1"] = new("i1", "org1", "Acme", projectName, "active") },
        ["kong"], [], 1, DateTimeOffset.UnixEpoch, true);

    private static JsonElement Groups(InventorySnapshot snapshot, DiscoveryOptions options, string? component = null) =>
        JsonDocument.Parse(ScrapeTargets.Render(snapshot, options, component)).RootElement;

    [Fact]
    public void Render_KongPluginOff_OnlyTheContainerThatOptsInIsATarget()
    {
        var groups = JsonDocument.Parse(ScrapeTargets.Render(Snapshot(), new DiscoveryOptions(), null, out var count)).RootElement;

        Assert.Equal(1, count);
        var only = Assert.Single(groups.EnumerateArray());
        Assert.Equal("127.0.0.1:13001", only.GetProperty("targets")[0].GetString());
        Assert.Equal("rest", only.GetProperty("labels").GetProperty("component").GetString());
        Assert.Equal("/admin/metrics", only.GetProperty("labels").GetProperty("__metrics_path__").GetString());
    }

    [Fact]
    public void Render_KongPluginOn_KongsMetricsPortOnce_NeverItsProxyStudioOrPostgres()
    {
        var groups = Groups(Snapshot(), KongPluginOn);

        var targets = groups.EnumerateArray().Select(g => g.GetProperty("targets").EnumerateArray().Single().GetString()).ToList();
        Assert.Equal(["127.0.0.1:8101", "127.0.0.1:13001"], targets);
        var kong = groups[0].GetProperty("labels");
        Assert.Equal("i1", kong.GetProperty("instance_id").GetString());
        Assert.Equal("kong", kong.GetProperty("component").GetString());
        Assert.Equal("i1_kong", kong.GetProperty("container_name").GetString());
        Assert.Equal("org1", kong.GetProperty("org_id").GetString());
        Assert.Equal("Acme", kong.GetProperty("org_name").GetString());
        Assert.Equal("Shop", kong.GetProperty("project_name").GetString());
        Assert.Equal("default", kong.GetProperty("host").GetString());
        Assert.False(kong.TryGetProperty("__metrics_path__", out _));
    }

    [Fact]
    public void Render_LabelOnKong_WinsOverTheKongSetting()
    {
        var snapshot = InventoryBuilder.Build(
            [InventoryBuilderTests.Container("i1", "kong", ContainerState.Running, new PublishedPort(8001, "127.0.0.1", 9001, "tcp"), new PublishedPort(8100, "127.0.0.1", 9100, "tcp")) with { MetricsPort = 8001 }],
            null, ["kong"], [], 1, DateTimeOffset.UnixEpoch, true);

        var only = Assert.Single(Groups(snapshot, KongPluginOn).EnumerateArray());
        Assert.Equal("127.0.0.1:9001", only.GetProperty("targets")[0].GetString());
    }

    [Fact]
    public void Render_ComponentFilter_KeepsOnlyThatComponent()
    {
        var only = Assert.Single(Groups(Snapshot(), KongPluginOn, "kong").EnumerateArray());

        Assert.Equal("kong", only.GetProperty("labels").GetProperty("component").GetString());
        Assert.Empty(Groups(Snapshot(), KongPluginOn, "studio").EnumerateArray());
    }

    [Fact]
    public void Unscraped_UnpublishedMetricsPortOrBadLabel_NamesTheContainerAndTheFix()
    {
        var snapshot = InventoryBuilder.Build(
            [
                InventoryBuilderTests.Container("i1", "kong", ContainerState.Running, new PublishedPort(8000, "0.0.0.0", 8001, "tcp")),
                InventoryBuilderTests.Container("i1", "auth", ContainerState.Running) with { MetricsPort = 0 },
                InventoryBuilderTests.Container("i1", "studio", ContainerState.Running, new PublishedPort(3000, "0.0.0.0", 3001, "tcp")),
            ],
            null, ["kong"], [], 1, DateTimeOffset.UnixEpoch, true);

        Assert.Empty(Groups(snapshot, KongPluginOn).EnumerateArray());
        Assert.Equal(
            [
                "i1_auth: label supawatch.metrics_port is not a port number (1-65535), or supawatch.metrics_path is not a path starting with /",
                "i1_kong: metrics port 8100/tcp (SUPAWATCH_KONG_METRICS_PORT) is not published on the host; publish it (-p) or fix the port",
            ],
            ScrapeTargets.Unscraped(snapshot, KongPluginOn).Order(StringComparer.Ordinal));
        Assert.Equal([ScrapeTargets.Unscraped(snapshot, KongPluginOn).Order(StringComparer.Ordinal).First()], ScrapeTargets.Unscraped(snapshot, new DiscoveryOptions()));
    }

    [Theory]
    [InlineData("x\",org_id=\"1")]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("line\nbreak\\back")]
    [InlineData("Ação São Paulo 東京")]
    public void Render_HostileProjectName_StaysOneValidLabelValue(string hostile)
    {
        var labels = Groups(Snapshot(hostile), KongPluginOn)[0].GetProperty("labels");

        Assert.Equal(hostile, labels.GetProperty("project_name").GetString());
        Assert.Equal("org1", labels.GetProperty("org_id").GetString());
    }

    [Fact]
    public void Render_EmptyFleet_IsAnEmptyArray()
    {
        var empty = InventoryBuilder.Build([], null, ["kong"], [], 1, DateTimeOffset.UnixEpoch, true);

        Assert.Equal(0, Groups(empty, new DiscoveryOptions { TargetHost = "h" }).GetArrayLength());
    }

    [Fact]
    public void Address_Ipv6Host_IsBracketed()
    {
        Assert.Equal("[::1]:9000", ScrapeTargets.Address(new PublishedPort(80, "::1", 9000, "tcp"), "x"));
        Assert.Equal("monitor.lan:9000", ScrapeTargets.Address(new PublishedPort(80, "", 9000, "tcp"), "monitor.lan"));
    }

    [Theory]
    [InlineData("127.0.0.1:8000", "127.0.0.1", 8000)]
    [InlineData("[::1]:5432", "::1", 5432)]
    [InlineData("db.internal:5432", "db.internal", 5432)]
    public void SplitAddress_HostAndPort(string address, string host, int port) =>
        Assert.Equal((host, port), ScrapeTargets.SplitAddress(address));
}
