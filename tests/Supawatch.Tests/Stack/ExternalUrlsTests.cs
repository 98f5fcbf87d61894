using Supawatch.Alerting;
using Supawatch.Stack;

namespace Supawatch.Tests.Stack;

/// <summary>The links in alerts, notifications and the components' pages: the operator's URLs, else the stack's real address.</summary>
public sealed class ExternalUrlsTests : IDisposable
{
    private static readonly StackOptions Custom = new() { PrometheusPort = 19090, AlertmanagerPort = 19093, GrafanaPort = 13001, StatusPort = 18080 };
    private readonly StackTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Resolve_LoopbackBindAndCustomPorts_LinksThosePorts()
    {
        var links = ExternalUrls.Resolve(new AlertingOptions(), StackPorts.From(Custom));

        Assert.Equal(new ExternalUrls("http://127.0.0.1:19090", "http://127.0.0.1:19093", "http://127.0.0.1:13001", "http://127.0.0.1:18080/status"), links);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public void Resolve_BindOnEveryAddress_LinksTheMachinesHostName(string bind)
    {
        var links = ExternalUrls.Resolve(new AlertingOptions(), StackPorts.From(new StackOptions { Bind = bind }), hostName: "monitor-1.lan");

        Assert.Equal("http://monitor-1.lan:3001", links.Grafana);
        Assert.Equal("http://monitor-1.lan:8080/status", links.StatusPage);
        Assert.Equal("http://[fd00::5]:9090", ExternalUrls.Resolve(new AlertingOptions(), StackPorts.From(new StackOptions { Bind = "fd00::5" })).Prometheus);
    }

    [Fact]
    public void Resolve_OperatorsUrls_WinOverTheStacksAddress()
    {
        var operatorSet = new AlertingOptions
        {
            PrometheusExternalUrl = "https://mon.example.com/prometheus/",
            AlertmanagerExternalUrl = "https://mon.example.com/alertmanager",
            GrafanaUrl = "https://grafana.example.com/",
            StatusPageUrl = "https://status.example.com/status",
        };

        var links = ExternalUrls.Resolve(operatorSet, StackPorts.From(Custom));

        Assert.Equal(new ExternalUrls("https://mon.example.com/prometheus", "https://mon.example.com/alertmanager", "https://grafana.example.com", "https://status.example.com/status"), links);
    }

    [Fact]
    public async Task Setup_CustomPorts_RulesStackJsonAndComponentsCarryTheStacksRealUrls()
    {
        var input = StackTestFolder.Input() with { Settings = new StackSettings(StackRuntime.Native, StackPorts.From(Custom)), Options = Custom };

        var result = await _folder.SetupAsync(input);

        Assert.True(result.Ok, string.Join('\n', result.Errors));
        var rules = _folder.Read("alerts/alerting_rules.yml");
        Assert.Contains("http://127.0.0.1:13001/d/supabase-instance-details/", rules, StringComparison.Ordinal);
        Assert.Contains("status_page: http://127.0.0.1:18080/status", rules, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost", rules, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:18080/status", _folder.Read("status/index.html"), StringComparison.Ordinal);

        // stack start reads stack.json: the native components run with the same links.
        var settings = StackSettings.Load(_folder.Layout.Root)!;
        Assert.Equal(ExternalUrls.Resolve(new AlertingOptions(), StackPorts.From(Custom)), settings.Links);
        var plan = NativeComponents.Plan(_folder.Layout, settings, ["supawatch"]);
        Assert.Contains("--web.external-url=http://127.0.0.1:19090", plan.Single(c => c.Name == StackComponents.Prometheus).Arguments);
        Assert.Contains("--web.external-url=http://127.0.0.1:19093", plan.Single(c => c.Name == StackComponents.Alertmanager).Arguments);
        Assert.Contains("cfg:default.server.root_url=http://127.0.0.1:13001", plan.Single(c => c.Name == StackComponents.Grafana).Arguments);
        var compose = _folder.Read("docker-compose.monitoring.yml");
        Assert.Contains("--web.external-url=http://127.0.0.1:19090", compose, StringComparison.Ordinal);
        Assert.Contains("GF_SERVER_ROOT_URL: http://127.0.0.1:13001", compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_StackJsonFromBeforeLinks_KeepsTheLocalhostUrls()
    {
        var plan = NativeComponents.Plan(_folder.Layout, new StackSettings(StackRuntime.Native, StackPorts.From(Custom)), ["supawatch"]);

        Assert.Contains("--web.external-url=http://127.0.0.1:19090", plan.Single(c => c.Name == StackComponents.Prometheus).Arguments);
    }
}
