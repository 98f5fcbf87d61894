using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Tests.Health;

public sealed class HealthPlannerTests
{
    [Fact]
    public void Plan_TypicalInstance_ContainerCheckEachPlusHttpAndPostgres()
    {
        var snapshot = Fleet.Snapshot(Fleet.Instance("i1",
            Fleet.Container("i1", "kong", hostPort: 8001),
            Fleet.Container("i1", "studio", hostPort: 3001),
            Fleet.Container("i1", "db", hostPort: 5433, privatePort: 5432),
            Fleet.Container("i1", "auth")));

        var checks = new HealthPlanner(new HealthOptions(), "127.0.0.1").Plan(snapshot);

        Assert.Equal(7, checks.Count);
        Assert.Equal("127.0.0.1:8001", checks.Single(c => c.Component == "kong" && c.Check == CheckNames.Http).Address);
        Assert.Equal("127.0.0.1:5433", checks.Single(c => c.Check == CheckNames.Postgres).Address);
        Assert.Equal(4, checks.Count(c => c.Check == CheckNames.Container));
    }

    [Fact]
    public void Plan_PortPublishedOnEveryAddress_UsesTargetHost()
    {
        var kong = Fleet.Container("i1", "kong") with
        {
            Ports = [new PublishedPort(8443, "0.0.0.0", 8443, "tcp"), new PublishedPort(8000, "0.0.0.0", 8001, "tcp"), new PublishedPort(8000, "0.0.0.0", 8001, "udp")],
        };

        var checks = new HealthPlanner(new HealthOptions(), "10.1.2.3").Plan(Fleet.Snapshot(Fleet.Instance("i1", kong)));

        Assert.Equal("10.1.2.3:8001", checks.Single(c => c.Check == CheckNames.Http).Address);
    }

    [Fact]
    public void Plan_NoPublishedPort_HttpCheckHasNoAddress()
    {
        var checks = new HealthPlanner(new HealthOptions(), "127.0.0.1").Plan(Fleet.Snapshot(Fleet.Instance("i1", Fleet.Container("i1", "kong"))));

        Assert.Null(checks.Single(c => c.Check == CheckNames.Http).Address);
    }
}
