using YamlDotNet.RepresentationModel;

namespace Supawatch.Tests.Dashboards;

/// <summary>The provisioning files Grafana reads at start: one Prometheus datasource with a fixed uid, one file provider for grafana/dashboards/.</summary>
public sealed class GrafanaProvisioningTests
{
    private const string DashboardsMount = "/var/lib/grafana/dashboards";
    private static readonly GrafanaProvisioning Provisioning = GrafanaProvisioning.Load(RepositoryRoot.Path);

    [Fact]
    public void Datasource_Prometheus_HasTheFixedUidAndTheStacksAddress()
    {
        Assert.Equal("prometheus", Provisioning.DatasourceUid);
        Assert.Equal("prometheus", GrafanaProvisioning.Scalar(Provisioning.Datasource, "type"));
        Assert.Equal("proxy", GrafanaProvisioning.Scalar(Provisioning.Datasource, "access"));
        Assert.Equal("http://prometheus:9090", GrafanaProvisioning.Scalar(Provisioning.Datasource, "url"));
        Assert.Equal("true", GrafanaProvisioning.Scalar(Provisioning.Datasource, "isDefault"));
    }

    [Fact]
    public void DashboardProvider_File_LoadsTheDashboardsMount()
    {
        var options = (YamlMappingNode)Provisioning.DashboardProvider.Children[new YamlScalarNode("options")];

        Assert.Equal("file", GrafanaProvisioning.Scalar(Provisioning.DashboardProvider, "type"));
        Assert.Equal(DashboardsMount, GrafanaProvisioning.Scalar(options, "path"));
    }

    [Fact]
    public void DashboardsDoc_NamesTheMountsAndEveryPanel()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "dashboards.md"));
        var panelTitles = GrafanaDashboard.LoadAll(RepositoryRoot.Path)
            .SelectMany(dashboard => dashboard.Panels.Where(panel => panel.GetProperty("type").GetString() != "row"))
            .Select(panel => panel.GetProperty("title").GetString()!)
            .Distinct(StringComparer.Ordinal);

        Assert.Contains(DashboardsMount, doc, StringComparison.Ordinal);
        Assert.Contains("/etc/grafana/provisioning", doc, StringComparison.Ordinal);
        Assert.All(panelTitles, title => Assert.Contains($"**{title}**", doc, StringComparison.Ordinal));
    }
}
