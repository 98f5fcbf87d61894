using Supawatch.Slo;
using Supawatch.Stack;
using Supawatch.Tests.Stack;

namespace Supawatch.Tests.Slo;

/// <summary>
/// The stack's Prometheus keeps a whole SLO period and a day (it keeps 15 days by default, and the 30-day error ratio
/// would silently cover 15): the same flag on the native command line and in the compose file.
/// </summary>
public sealed class PrometheusRetentionTests
{
    private const string Flag = "--storage.tsdb.retention.time=";

    private static readonly StackPorts Ports = StackPorts.From(new StackOptions());

    [Fact]
    public void Retention_IsThePeriodAndADay()
    {
        Assert.Equal(TimeSpan.FromDays(31), SloPolicy.Retention);
        Assert.True(SloPolicy.Retention > SloPolicy.Period);
        Assert.Equal(Flag + "744h", Supawatch.Stack.PrometheusRetention.Flag);
    }

    [Fact]
    public void NativeStack_PrometheusKeeps31Days()
    {
        var plan = NativeComponents.Plan(new StackLayout("/srv/monitoring"), new StackSettings(StackRuntime.Native, Ports), ["supawatch"]);

        var retention = Assert.Single(plan.Single(c => c.Name == StackComponents.Prometheus).Arguments, a => a.StartsWith(Flag, StringComparison.Ordinal));
        Assert.Equal(Flag + "744h", retention);
    }

    [Fact]
    public void ComposeStack_PrometheusKeeps31Days()
    {
        var compose = StackYaml.Parse(ComposeConfig.Render(ComposeConfig.Build(Ports, "1000:1000", "supawatch:local", null)));
        var command = StackYaml.List(StackYaml.Map(StackYaml.Map(compose, "services"), StackComponents.Prometheus), "command").Cast<string>();

        Assert.Equal(Flag + "744h", Assert.Single(command, a => a.StartsWith(Flag, StringComparison.Ordinal)));
    }
}
