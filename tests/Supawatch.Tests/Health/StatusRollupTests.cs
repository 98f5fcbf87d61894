using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Tests.Health;

public sealed class StatusRollupTests
{
    private readonly StatusRollup _rollup = new(new HealthOptions());
    private readonly Instance _instance = Fleet.Instance("i1", Fleet.Container("i1", "kong"), Fleet.Container("i1", "studio"), Fleet.Container("i1", "db"));

    [Fact]
    public void Evaluate_EveryCheckUp_IsUpWithoutCause()
    {
        var rollup = _rollup.Evaluate(_instance, Fleet.AllUp("kong", "studio", "db"));

        Assert.Equal(HealthStatus.Up, rollup.Status);
        Assert.Null(rollup.Cause);
        Assert.Equal(["db", "kong", "studio"], rollup.Components.Select(c => c.Component));
    }

    [Fact]
    public void Evaluate_KongDown_IsDownNamingKong()
    {
        var results = Fleet.AllUp("studio", "db").Add(Fleet.Result("kong", CheckNames.Http, HealthStatus.Down, "connection refused"));

        var rollup = _rollup.Evaluate(_instance, results);

        Assert.Equal(HealthStatus.Down, rollup.Status);
        Assert.Equal("kong: connection refused", rollup.Cause);
    }

    [Fact]
    public void Evaluate_StudioDown_IsOnlyDegraded()
    {
        var results = Fleet.AllUp("kong", "db").Add(Fleet.Result("studio", CheckNames.Http, HealthStatus.Down, "HTTP 500"));

        var rollup = _rollup.Evaluate(_instance, results);

        Assert.Equal(HealthStatus.Degraded, rollup.Status);
        Assert.Equal("studio: HTTP 500", rollup.Cause);
    }

    [Fact]
    public void Evaluate_ProjectPausedInMasterDb_IsStoppedNotDown()
    {
        var results = Fleet.AllUp("studio", "db").Add(Fleet.Result("kong", CheckNames.Container, HealthStatus.Down, "container exited (code 0)"));

        var rollup = _rollup.Evaluate(_instance.WithExpectedState("paused"), results);

        Assert.Equal(HealthStatus.Stopped, rollup.Status);
        Assert.Contains("paused", rollup.Cause, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Stopped, rollup.Components.Single(c => c.Component == "kong").Status);
    }

    [Fact]
    public void Evaluate_NoContainers_IsDown()
    {
        var rollup = _rollup.Evaluate(Fleet.Instance("i1"), []);

        Assert.Equal(HealthStatus.Down, rollup.Status);
        Assert.Equal("no containers", rollup.Cause);
    }

    [Fact]
    public void Evaluate_MissingCriticalComponent_IsDown()
    {
        var instance = _instance with { MissingComponents = ["db"] };

        var rollup = _rollup.Evaluate(instance, Fleet.AllUp("kong", "studio"));

        Assert.Equal(HealthStatus.Down, rollup.Status);
        Assert.Equal("db: no container", rollup.Cause);
    }

    [Fact]
    public void Evaluate_OnlyUnknownChecks_IsUnknown()
    {
        var rollup = _rollup.Evaluate(_instance, [Fleet.Result("kong", CheckNames.Http, HealthStatus.Unknown)]);

        Assert.Equal(HealthStatus.Unknown, rollup.Status);
    }

    [Fact]
    public void Evaluate_DockerUnhealthyButAnswering_IsDegraded()
    {
        var results = Fleet.AllUp("kong", "studio", "db").Add(Fleet.Result("db", CheckNames.Container, HealthStatus.Degraded, "Docker health: unhealthy"));

        var rollup = _rollup.Evaluate(_instance, results);

        Assert.Equal(HealthStatus.Degraded, rollup.Status);
        Assert.Equal("db: Docker health: unhealthy", rollup.Cause);
    }
}
