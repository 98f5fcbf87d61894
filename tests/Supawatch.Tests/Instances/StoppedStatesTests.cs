using System.Text;
using Microsoft.Extensions.Configuration;
using Supawatch.Configuration;
using Supawatch.Health;
using Supawatch.Instances;
using Supawatch.Metrics;
using Supawatch.Tests.Health;

namespace Supawatch.Tests.Instances;

/// <summary>
/// One meaning of "stopped on purpose": SUPAWATCH_STOPPED_STATES reaches the status page's rollup and the exporter's
/// supabase_instance_expected_up (which the alert rules join on) from the same configuration key.
/// </summary>
public sealed class StoppedStatesTests
{
    private static readonly Instance Kong = Fleet.Instance("i1", Fleet.Container("i1", "kong", ContainerState.Exited));

    [Theory]
    [InlineData("suspended")]
    [InlineData("SUSPENDED")]
    [InlineData("creating")]
    [InlineData("paused")]
    public void Default_StoppedOrCreatingState_PageSaysStopped_AndExporterSaysNotExpectedUp(string state)
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>());
        var instance = Kong.WithExpectedState(state);

        Assert.Equal(HealthStatus.Stopped, Rollup(configuration).Evaluate(instance, KongDown).Status);
        Assert.Contains("supabase_instance_expected_up{instance_id=\"i1\",host=\"default\"} 0\n", Exposition(configuration, instance), StringComparison.Ordinal);
    }

    [Fact]
    public void Default_ActiveState_PageSaysDown_AndExporterSaysExpectedUp()
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>());
        var instance = Kong.WithExpectedState("active");

        Assert.Equal(HealthStatus.Down, Rollup(configuration).Evaluate(instance, KongDown).Status);
        Assert.Contains("supabase_instance_expected_up{instance_id=\"i1\",host=\"default\"} 1\n", Exposition(configuration, instance), StringComparison.Ordinal);
    }

    [Fact]
    public void Variable_ReplacesTheList_ForThePageAndTheExporterAlike()
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string> { ["SUPAWATCH_STOPPED_STATES"] = "hibernating, frozen" });

        Assert.Equal("hibernating, frozen", configuration["Health:StoppedStates"]);
        foreach (var (state, stopped) in new[] { ("hibernating", true), ("frozen", true), ("suspended", false), ("active", false) })
        {
            var instance = Kong.WithExpectedState(state);
            Assert.Equal(stopped ? HealthStatus.Stopped : HealthStatus.Down, Rollup(configuration).Evaluate(instance, KongDown).Status);
            Assert.Contains($"supabase_instance_expected_up{{instance_id=\"i1\",host=\"default\"}} {(stopped ? 0 : 1)}\n", Exposition(configuration, instance), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ExpectsUp_NoMasterDbRow_IsExpectedUp()
    {
        var states = StoppedStates.Parse(StoppedStates.Default);

        Assert.True(states.ExpectsUp(Kong with { Metadata = null }));
        Assert.False(states.ExpectsUp(Kong.WithExpectedState(" archived ")));
    }

    private static readonly System.Collections.Immutable.ImmutableArray<CheckResult> KongDown =
        [Fleet.Result("kong", CheckNames.Container, HealthStatus.Down, "container exited (code 0)")];

    private static StatusRollup Rollup(IConfiguration configuration) =>
        new(HealthOptions.From(configuration));

    private static string Exposition(IConfiguration configuration, Instance instance)
    {
        using var stream = new MemoryStream();
        using (var writer = new ExpositionWriter(stream))
        {
            SupabaseMetrics.Write(writer, Fleet.Snapshot(instance with { Host = "default" }), new Dictionary<string, ContainerStats>(),
                new Dictionary<string, TenantDbStatus>(), HealthServiceCollectionExtensions.StoppedStatesFrom(configuration), DateTimeOffset.UnixEpoch);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
