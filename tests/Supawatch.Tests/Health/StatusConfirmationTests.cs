using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Tests.Health;

public sealed class StatusConfirmationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly StatusConfirmation _confirmation = new(failureThreshold: 2, successThreshold: 1);

    [Fact]
    public void Observe_FirstSight_TakesObservedStatusAtOnce()
    {
        var (confirmed, _, change) = _confirmation.Observe("i1", HealthStatus.Up, null, T0);

        Assert.Equal(HealthStatus.Up, confirmed);
        Assert.Equal(new StatusChange("i1", HealthStatus.Unknown, HealthStatus.Up, T0, null), change);
    }

    [Fact]
    public void Observe_OneFailureAfterUp_DoesNotFlip()
    {
        _confirmation.Observe("i1", HealthStatus.Up, null, T0);

        var (confirmed, since, change) = _confirmation.Observe("i1", HealthStatus.Down, "kong: timeout", T0.AddSeconds(30));

        Assert.Equal(HealthStatus.Up, confirmed);
        Assert.Equal(T0, since);
        Assert.Null(change);
    }

    [Fact]
    public void Observe_TwoFailuresInARow_FlipsToDownWithCause()
    {
        _confirmation.Observe("i1", HealthStatus.Up, null, T0);
        _confirmation.Observe("i1", HealthStatus.Down, "kong: timeout", T0.AddSeconds(30));

        var (confirmed, since, change) = _confirmation.Observe("i1", HealthStatus.Down, "kong: connection refused", T0.AddSeconds(60));

        Assert.Equal(HealthStatus.Down, confirmed);
        Assert.Equal(T0.AddSeconds(60), since);
        Assert.Equal("kong: connection refused", change!.Cause);
        Assert.Equal(HealthStatus.Up, change.From);
    }

    [Fact]
    public void Observe_FailureThenRecovery_ResetsTheCount()
    {
        _confirmation.Observe("i1", HealthStatus.Up, null, T0);
        _confirmation.Observe("i1", HealthStatus.Down, "x", T0.AddSeconds(30));
        _confirmation.Observe("i1", HealthStatus.Up, null, T0.AddSeconds(60));

        var (confirmed, _, change) = _confirmation.Observe("i1", HealthStatus.Down, "x", T0.AddSeconds(90));

        Assert.Equal(HealthStatus.Up, confirmed);
        Assert.Null(change);
    }

    [Fact]
    public void Observe_RecoveryFromDown_FlipsAfterOneSuccess()
    {
        _confirmation.Seed("i1", HealthStatus.Down, T0);

        var (confirmed, _, change) = _confirmation.Observe("i1", HealthStatus.Up, null, T0.AddSeconds(30));

        Assert.Equal(HealthStatus.Up, confirmed);
        Assert.Equal(HealthStatus.Down, change!.From);
    }

    [Fact]
    public void Observe_PausedOnPurpose_FlipsToStoppedAtOnce()
    {
        _confirmation.Observe("i1", HealthStatus.Up, null, T0);

        var (confirmed, _, change) = _confirmation.Observe("i1", HealthStatus.Stopped, "project is paused in the master DB", T0.AddSeconds(30));

        Assert.Equal(HealthStatus.Stopped, confirmed);
        Assert.NotNull(change);
    }

    [Fact]
    public void Seed_RememberedDown_ObservedDownAgain_MakesNoChange()
    {
        _confirmation.Seed("i1", HealthStatus.Down, T0);

        var (confirmed, since, change) = _confirmation.Observe("i1", HealthStatus.Down, "x", T0.AddHours(1));

        Assert.Equal(HealthStatus.Down, confirmed);
        Assert.Equal(T0, since);
        Assert.Null(change);
    }

    [Fact]
    public void ForgetAllBut_InstanceLeftInventory_BecomesUnknown()
    {
        _confirmation.Observe("i1", HealthStatus.Down, "x", T0);
        _confirmation.Observe("i2", HealthStatus.Up, null, T0);

        var changes = _confirmation.ForgetAllBut(new HashSet<string> { "i2" }, T0.AddSeconds(30));

        var change = Assert.Single(changes);
        Assert.Equal(("i1", HealthStatus.Down, HealthStatus.Unknown), (change.InstanceId, change.From, change.To));
        Assert.Equal(1, _confirmation.Count);
    }
}
