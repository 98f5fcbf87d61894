using Supawatch.Discovery;
using Supawatch.Instances;

namespace Supawatch.Tests.Discovery;

public class InventoryBuilderTests
{
    private static readonly string[] Expected = ["kong", "studio", "db"];
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    internal static ContainerInfo Container(string instance, string component, ContainerState state = ContainerState.Running, params PublishedPort[] ports) => new()
    {
        Id = $"{instance}-{component}-id",
        Name = $"{instance}_{component}",
        InstanceId = instance,
        Component = component,
        State = state,
        StartedAt = Now.AddMinutes(-5),
        Ports = [.. ports],
    };

    [Fact]
    public void Build_MergesContainersWithTheirMasterDbRow()
    {
        var metadata = new Dictionary<string, InstanceMetadata>
        {
            ["i1"] = new("i1", "org1", "Acme", "Shop", "active"),
        };

        var snapshot = InventoryBuilder.Build(
            [Container("i1", "studio"), Container("i1", "kong"), Container("i1", "db")], metadata, Expected, [], 7, Now, isComplete: true);

        var instance = Assert.Single(snapshot.Instances);
        Assert.Equal("Acme", instance.OrgName);
        Assert.Equal(["db", "kong", "studio"], instance.Containers.Select(c => c.Component));
        Assert.True(instance.IsRunning);
        Assert.Empty(instance.MissingComponents);
        Assert.Equal(7, snapshot.Version);
        Assert.Equal(InventoryDrift.None.WithoutContainers, snapshot.Drift.WithoutContainers);
    }

    [Fact]
    public void Build_ReportsEveryKindOfDrift()
    {
        var metadata = new Dictionary<string, InstanceMetadata>
        {
            ["registered_only"] = new("registered_only", "o", "O", "P", "active"),
            ["partial"] = new("partial", "o", "O", "P", "active"),
        };
        var containers = new[] { Container("partial", "kong"), Container("docker_only", "kong"), Container("docker_only", "studio"), Container("docker_only", "db") };

        var snapshot = InventoryBuilder.Build(containers, metadata, Expected, [], 1, Now, true);

        Assert.Equal(["docker_only", "partial", "registered_only"], snapshot.Instances.Select(i => i.InstanceId));
        Assert.Equal(["registered_only"], snapshot.Drift.WithoutContainers.ToArray());
        Assert.Equal(["docker_only"], snapshot.Drift.WithoutMetadata.ToArray());
        Assert.Equal(["partial"], snapshot.Drift.MissingComponents.ToArray());
        Assert.Equal(["studio", "db"], snapshot.Find("partial")!.MissingComponents.ToArray());
    }

    [Fact]
    public void Build_WithoutMasterDb_ClaimsNoMetadataDrift()
    {
        var snapshot = InventoryBuilder.Build([Container("i1", "kong")], metadata: null, Expected, [], 1, Now, true);

        Assert.Empty(snapshot.Drift.WithoutMetadata);
        Assert.Null(snapshot.Instances[0].OrgId);
    }

    [Fact]
    public void Instance_AllRunning_RunningSinceTheLatestStart()
    {
        var snapshot = InventoryBuilder.Build(
            [Container("i1", "kong") with { StartedAt = Now.AddHours(-3) }, Container("i1", "studio") with { StartedAt = Now.AddMinutes(-2) },
             Container("i1", "db") with { StartedAt = null }],
            null, Expected, [], 1, Now, true);

        Assert.Equal(Now.AddMinutes(-2), snapshot.Instances[0].RunningSince);
    }

    [Fact]
    public void Instance_WithAStoppedContainer_IsNotRunning()
    {
        var snapshot = InventoryBuilder.Build(
            [Container("i1", "kong"), Container("i1", "studio", ContainerState.Exited)], null, Expected, [], 1, Now, true);

        Assert.False(snapshot.Instances[0].IsRunning);
        Assert.Null(snapshot.Instances[0].RunningSince);
    }

    [Fact]
    public void Build_DockerHostDown_MarksOnlyItsInstancesAndKeepsTheirContainers()
    {
        var health = new DiscoveryHealth(masterDbEnabled: false, ["a", "b"]);
        health.DockerSucceeded("a", Now);
        health.DockerSucceeded("b", Now);
        health.DockerFailed("b", Now.AddSeconds(30), "connection refused");
        var containers = new[]
        {
            Container("on_a", "kong") with { Host = "a" },
            Container("on_b", "kong") with { Host = "b" },
            Container("split", "kong") with { Host = "b" },
            Container("split", "db") with { Host = "a" },
        };

        var snapshot = InventoryBuilder.Build(containers, null, ["kong"], health.All, 1, Now, true);

        Assert.Equal(("a", true), (snapshot.Find("on_a")!.Host, snapshot.Find("on_a")!.HostUp));
        Assert.Equal(("b", false), (snapshot.Find("on_b")!.Host, snapshot.Find("on_b")!.HostUp));
        Assert.Single(snapshot.Find("on_b")!.Containers);
        Assert.Equal(("a,b", false), (snapshot.Find("split")!.Host, snapshot.Find("split")!.HostUp));
    }

    [Fact]
    public void DiscoveryHealth_SeveralHosts_ReportsOneDockerAndOneEventsStatusPerHost()
    {
        var health = new DiscoveryHealth(masterDbEnabled: false, ["a", "b"]);
        health.DockerSucceeded("b", Now);

        Assert.Equal(
            ["docker/a", "docker/b", "docker_events/a", "docker_events/b", "master_db/"],
            health.All.Select(s => $"{s.Name}/{s.Host}"));
        Assert.True(health.DockerEverSucceeded);
        Assert.False(health.EveryDockerHostSucceeded);
        Assert.False(health.DockerStatusOf("a").Up);
        Assert.True(health.DockerStatusOf("b").Up);
    }
}
