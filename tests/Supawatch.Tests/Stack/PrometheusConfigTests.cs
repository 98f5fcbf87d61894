using Microsoft.Extensions.Configuration;
using Supawatch.Configuration;
using Supawatch.Stack;
using Supawatch.Targets;

namespace Supawatch.Tests.Stack;

/// <summary>prometheus.yml: the rule files, Alertmanager, Supawatch, node_exporter and both discovery jobs.</summary>
public sealed class PrometheusConfigTests
{
    private static readonly StackPorts Ports = StackPorts.From(new StackOptions { PrometheusPort = 19090, AlertmanagerPort = 19093, SupawatchPort = 19200, NodeExporterPort = 19100 });

    [Fact]
    public void Build_Native_ScrapesLoopbackPortsAndSendsToAlertmanager()
    {
        var yaml = StackYaml.Parse(PrometheusConfig.Render(PrometheusConfig.Build(StackRuntime.Native, Ports, TimeSpan.FromSeconds(30))));

        Assert.Equal(["alerts/*_rules.yml"], StackYaml.List(yaml, "rule_files").Cast<string>());
        var alertmanager = StackYaml.List(StackYaml.List(StackYaml.Map(yaml, "alerting"), "alertmanagers").Single(), "static_configs").Single();
        Assert.Equal(["127.0.0.1:19093"], StackYaml.List(alertmanager, "targets").Cast<string>());
        Assert.Equal(["127.0.0.1:19200"], Targets(yaml, PrometheusConfig.SupawatchJob));
        Assert.Equal(["127.0.0.1:19100"], Targets(yaml, PrometheusConfig.NodeExporterJob));
        Assert.DoesNotContain(Jobs(yaml), j => StackYaml.Scalar(j, "job_name") == PrometheusConfig.CadvisorJob);
    }

    [Theory]
    [InlineData(StackRuntime.Native)]
    [InlineData(StackRuntime.Docker)]
    public void Build_EitherRuntime_TenantsAreOneFileSdJob_NoHttpSdListingThemAgain(StackRuntime runtime)
    {
        var yaml = StackYaml.Parse(PrometheusConfig.Render(PrometheusConfig.Build(runtime, Ports, TimeSpan.FromSeconds(30))));

        var fileSd = StackYaml.List(Job(yaml, PrometheusConfig.InstancesFileSdJob), "file_sd_configs").Single();
        Assert.Equal([StackLayout.InstancesFile], StackYaml.List(fileSd, "files").Cast<string>());
        Assert.Single(Jobs(yaml), j => ((Dictionary<object, object>)j).ContainsKey("file_sd_configs"));
        Assert.DoesNotContain(Jobs(yaml), j => ((Dictionary<object, object>)j).ContainsKey("http_sd_configs"));
    }

    [Fact]
    public void Build_Docker_UsesServiceNamesAndScrapesCadvisor()
    {
        var yaml = StackYaml.Parse(PrometheusConfig.Render(PrometheusConfig.Build(StackRuntime.Docker, Ports, TimeSpan.FromSeconds(30))));

        Assert.Equal(["supawatch:9200"], Targets(yaml, PrometheusConfig.SupawatchJob));
        Assert.Equal(["node-exporter:9100"], Targets(yaml, PrometheusConfig.NodeExporterJob));
        Assert.Equal(["cadvisor:8080"], Targets(yaml, PrometheusConfig.CadvisorJob));
    }

    [Fact]
    public void ScrapeInterval_FromTheSeedVariable_IsTheGlobalInterval()
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string> { ["SCRAPE_INTERVAL"] = "15" });
        var interval = PrometheusOptions.From(configuration).ScrapeInterval;

        var yaml = StackYaml.Parse(PrometheusConfig.Render(PrometheusConfig.Build(StackRuntime.Native, Ports, interval)));

        Assert.Equal("15s", StackYaml.Scalar(StackYaml.Map(yaml, "global"), "scrape_interval"));
        Assert.Equal("15s", StackYaml.Scalar(StackYaml.Map(yaml, "global"), "evaluation_interval"));
    }

    private static List<object> Jobs(Dictionary<object, object> yaml) => StackYaml.List(yaml, "scrape_configs");

    private static object Job(Dictionary<object, object> yaml, string name) => Jobs(yaml).Single(j => StackYaml.Scalar(j, "job_name") == name);

    private static IEnumerable<string> Targets(Dictionary<object, object> yaml, string job) =>
        StackYaml.List(StackYaml.List(Job(yaml, job), "static_configs").Single(), "targets").Cast<string>();
}
