using System.Collections.Immutable;
using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Tests.Health;

/// <summary>Builds inventory records and check results for health tests.</summary>
internal static class Fleet
{
    public static ContainerInfo Container(string instanceId, string component, ContainerState state = ContainerState.Running, int hostPort = 0, string hostIp = "127.0.0.1", int privatePort = 80) => new()
    {
        Id = $"{instanceId}_{component}_id",
        Name = $"{instanceId}_{component}",
        InstanceId = instanceId,
        Component = component,
        State = state,
        Ports = hostPort == 0 ? [] : [new PublishedPort(privatePort, hostIp, hostPort, "tcp")],
    };

    public static Instance Instance(string id, params ContainerInfo[] containers) => new()
    {
        InstanceId = id,
        Containers = [.. containers],
        Metadata = new InstanceMetadata(id, "org1", "Acme", "Shop " + id, "active"),
    };

    public static Instance WithExpectedState(this Instance instance, string state) =>
        instance with { Metadata = instance.Metadata! with { ExpectedState = state } };

    public static CheckResult Result(string component, string check, HealthStatus status, string reason = "r") =>
        new("i1", component, check, status, TimeSpan.FromMilliseconds(5), reason);

    public static InventorySnapshot Snapshot(params Instance[] instances) =>
        new() { Version = 1, TakenAt = DateTimeOffset.UnixEpoch, Instances = [.. instances], IsComplete = true };

    public static ImmutableArray<CheckResult> AllUp(params string[] components) =>
        [.. components.Select(c => Result(c, c == "db" ? CheckNames.Postgres : CheckNames.Http, HealthStatus.Up))];
}
