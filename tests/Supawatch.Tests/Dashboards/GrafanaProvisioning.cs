using YamlDotNet.RepresentationModel;

namespace Supawatch.Tests.Dashboards;

/// <summary>The two provisioning files in grafana/provisioning/, parsed as YAML.</summary>
public sealed record GrafanaProvisioning(YamlMappingNode Datasource, YamlMappingNode DashboardProvider)
{
    public const string DatasourceFile = "grafana/provisioning/datasources/prometheus.yml";
    public const string DashboardProviderFile = "grafana/provisioning/dashboards/supawatch.yml";

    public string DatasourceUid => Scalar(Datasource, "uid");

    public static GrafanaProvisioning Load(string repositoryRoot) => new(
        SingleItem(Read(repositoryRoot, DatasourceFile), "datasources"),
        SingleItem(Read(repositoryRoot, DashboardProviderFile), "providers"));

    public static string Scalar(YamlMappingNode node, string key) =>
        ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value ?? string.Empty;

    private static YamlMappingNode Read(string repositoryRoot, string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(Path.Combine(repositoryRoot, relativePath)));
        stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        Assert.Equal("1", Scalar(root, "apiVersion"));
        return root;
    }

    private static YamlMappingNode SingleItem(YamlMappingNode root, string key) =>
        (YamlMappingNode)Assert.Single(((YamlSequenceNode)root.Children[new YamlScalarNode(key)]).Children);
}
