using Supawatch.Stack;

namespace Supawatch.Tests.Stack;

/// <summary>
/// What <c>stack setup --demo</c> changes in the rendered stack: Supawatch runs <c>demo</c> with the stack's listeners
/// and folder as flags and none of the real fleet's variables (native, systemd and compose alike), every alert is
/// labelled <c>fleet="simulated"</c>, and the rules' <c>for:</c> is short. Without <c>--demo</c> nothing of it.
/// </summary>
public sealed class DemoStackPlanTests : IDisposable
{
    private static readonly StackPorts Ports = StackPorts.From(new StackOptions());
    private readonly StackTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Native_Demo_RunsDemoWithTheStacksListenersAndNoneOfTheFleetsVariables()
    {
        var fleet = new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///var/run/docker.sock", ["MASTER_DB_URL"] = "postgres://u:p@db/master" };

        var supawatch = Supawatch(demo: true, fleet);

        Assert.Equal(
            ["demo", "--data-dir", _folder.Layout.DataDirectory, "--metrics-listen", "127.0.0.1:9200", "--status-listen", "127.0.0.1:8080", "--prometheus-url", "http://127.0.0.1:9090"],
            supawatch.Arguments);
        Assert.DoesNotContain("DOCKER_HOST", supawatch.Environment.Keys);
        Assert.DoesNotContain("MASTER_DB_URL", supawatch.Environment.Keys);
        // Nor inherited from the shell that runs start.
        Assert.Contains("DOCKER_HOST", supawatch.Scrubbed!);
        Assert.Contains("MASTER_DB_URL", supawatch.Scrubbed!);
    }

    [Fact]
    public void Native_DemoFalse_RunsServeWithTheFleetsVariables()
    {
        var supawatch = Supawatch(demo: false, new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///var/run/docker.sock" });

        Assert.Equal("serve", supawatch.Arguments[0]);
        Assert.Equal("unix:///var/run/docker.sock", supawatch.Environment["DOCKER_HOST"]);
    }

    [Fact]
    public void Compose_Demo_RunsDemoWithoutTheDockerSocket()
    {
        var demo = ComposeConfig.Build(Ports, "1000:1000", "supawatch:local", null, demo: true).Services[StackComponents.Supawatch];
        var real = ComposeConfig.Build(Ports, "1000:1000", "supawatch:local", null).Services[StackComponents.Supawatch];

        Assert.Equal("demo", demo.Command[0]);
        Assert.Equal(["--metrics-listen", "0.0.0.0:9200"], demo.Command.SkipWhile(a => a != "--metrics-listen").Take(2));
        Assert.DoesNotContain(demo.Volumes, v => v.Contains("docker.sock", StringComparison.Ordinal));
        Assert.Empty(real.Command);
        Assert.Contains(real.Volumes, v => v.Contains("docker.sock", StringComparison.Ordinal));
    }

    [Fact]
    public void Prometheus_Demo_LabelsEveryAlertSimulated()
    {
        var demo = PrometheusConfig.Build(StackRuntime.Native, Ports, TimeSpan.FromSeconds(15), scale: new StackOptions { Demo = true });
        var real = PrometheusConfig.Build(StackRuntime.Native, Ports, TimeSpan.FromSeconds(15), scale: new StackOptions());

        Assert.Equal("simulated", demo.Global.ExternalLabels["fleet"]);
        Assert.DoesNotContain("fleet", real.Global.ExternalLabels.Keys);
    }

    [Fact]
    public async Task Setup_Demo_RulesSaySimulatedWithShortFor_AndDemoFalseRestoresTheShippedOnes()
    {
        var input = StackTestFolder.Input();
        Assert.True((await _folder.SetupAsync(input with { Options = new StackOptions { Demo = true } })).Ok);
        var demo = _folder.Read("alerts/alerting_rules.yml");
        Assert.True((await _folder.SetupAsync(input)).Ok);
        var shipped = _folder.Read("alerts/alerting_rules.yml");

        Assert.Contains("SIMULATED fleet", demo, StringComparison.Ordinal);
        Assert.DoesNotContain("for: 2m", demo, StringComparison.Ordinal);
        Assert.Contains("for: 15s", demo, StringComparison.Ordinal);
        Assert.Contains("for: 2m", shipped, StringComparison.Ordinal);
        Assert.DoesNotContain("SIMULATED", shipped, StringComparison.Ordinal);
    }

    private NativeComponent Supawatch(bool demo, IReadOnlyDictionary<string, string> variables)
    {
        var settings = new StackSettings(StackRuntime.Native, Ports, Variables: new(StringComparer.Ordinal), Flags: new(StringComparer.Ordinal) { [StackSettings.DemoFlag] = demo ? "true" : "false" });
        return NativeComponents.Plan(_folder.Layout, settings, ["/opt/supawatch/supawatch"], variables).Single(c => c.Name == StackComponents.Supawatch);
    }
}
