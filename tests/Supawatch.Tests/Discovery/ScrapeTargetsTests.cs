using System.Text.Json;
using Supawatch.Discovery;
using Supawatch.Instances;

namespace Supawatch.Tests.Discovery;

public class ScrapeTargetsTests
{
    private static InventorySnapshot Snapshot(string? projectName = "Shop") => InventoryBuilder.Build(
        [
            InventoryBuilderTests.Container("i1", "kong", ContainerState.Running, new PublishedPort(8000, "0.0.0.0", 8001, "tcp"), new PublishedPort(8443, "127.0.0.1", 8444, "tcp")),
            InventoryBuilderTests.Container("i1", "studio", ContainerState.Running, new PublishedPort(3000, "::", 3001, "tcp"), new PublishedPort(53, "127.0.0.1", 5353, "udp")),
            InventoryBuilderTests.Container("i1", "db"),
        ],
        new Dictionary<string, InstanceMetadata> { ["i1"] = new("i1", "org1", "Acme", projectName, "active") },
        ["kong"], [], 1, DateTimeOffset.UnixEpoch, true);

    [Fact]
    public void Render_OneGroupPerPublishedTcpPort_WithTenantLabels()
    {
        var groups = JsonDocument.Parse(ScrapeTargets.Render(Snapshot(), "127.0.0.1", null, out var count)).RootElement;

        Assert.Equal(3, count);
        Assert.Equal(3, groups.GetArrayLength());
        var first = groups[0];
        Assert.Equal("127.0.0.1:8001", first.GetProperty("targets")[0].GetString());
        var labels = first.GetProperty("labels");
        Assert.Equal("i1", labels.GetProperty("instance_id").GetString());
        Assert.Equal("kong", labels.GetProperty("component").GetString());
        Assert.Equal("org1", labels.GetProperty("org_id").GetString());
        Assert.Equal("Acme", labels.GetProperty("org_name").GetString());
        Assert.Equal("Shop", labels.GetProperty("project_name").GetString());
        Assert.Equal("default", labels.GetProperty("host").GetString());
        Assert.Equal("127.0.0.1:8444", groups[1].GetProperty("targets")[0].GetString());
    }

    [Fact]
    public void Render_ComponentFilter_KeepsOnlyThatComponent()
    {
        var groups = JsonDocument.Parse(ScrapeTargets.Render(Snapshot(), "127.0.0.1", "studio")).RootElement;

        var only = Assert.Single(groups.EnumerateArray());
        Assert.Equal("studio", only.GetProperty("labels").GetProperty("component").GetString());
        Assert.Equal("127.0.0.1:3001", only.GetProperty("targets")[0].GetString());
    }

    [Theory]
    [InlineData("x\",org_id=\"1")]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("line\nbreak\\back")]
    [InlineData("Ação São Paulo 東京")]
    public void Render_HostileProjectName_StaysOneValidLabelValue(string hostile)
    {
        var groups = JsonDocument.Parse(ScrapeTargets.Render(Snapshot(hostile), "127.0.0.1")).RootElement;

        var labels = groups[0].GetProperty("labels");
        Assert.Equal(hostile, labels.GetProperty("project_name").GetString());
        Assert.Equal("org1", labels.GetProperty("org_id").GetString());
    }

    [Fact]
    public void Render_EmptyFleet_IsAnEmptyArray()
    {
        var empty = InventoryBuilder.Build([], null, ["kong"], [], 1, DateTimeOffset.UnixEpoch, true);

        Assert.Equal(0, JsonDocument.Parse(ScrapeTargets.Render(empty, "h")).RootElement.GetArrayLength());
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
