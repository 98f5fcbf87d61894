using System.Text.Json;
using System.Text.RegularExpressions;
using Supawatch.Alerting;

namespace Supawatch.Tests.Dashboards;

/// <summary>The dashboards as Grafana will load them: ids, layout, datasource and variable references, alert links and thresholds.</summary>
public sealed partial class DashboardStructureTests
{
    private const string OverviewUid = "supabase-overview";
    private const string SystemResourcesUid = "system-resources";
    private const string InstanceDetailsUid = "supabase-instance-details";

    private static readonly IReadOnlyList<GrafanaDashboard> Dashboards = GrafanaDashboard.LoadAll(RepositoryRoot.Path);
    private static readonly IReadOnlyList<AlertingRule> Alerts = AlertRules.All(AlertRules.Build(new AlertingOptions())).ToList();

    public static TheoryData<string> DashboardFiles => new(Dashboards.Select(dashboard => dashboard.FileName));

    [Fact]
    public void Dashboards_Uids_AreTheThreeSeedDashboards()
    {
        Assert.Equal(
            [InstanceDetailsUid, OverviewUid, SystemResourcesUid],
            Dashboards.Select(dashboard => dashboard.Uid).Order(StringComparer.Ordinal));
        Assert.Equal(["Instance Details", "Supabase Overview", "System Resources"], Dashboards.Select(d => d.Title).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Panels_Ids_AreUnique(string file)
    {
        var ids = Dashboard(file).Panels.Select(panel => panel.GetProperty("id").GetInt32()).ToList();

        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Panels_GridPositions_FitTheGridAndNeverOverlap(string file)
    {
        var boxes = Dashboard(file).Panels.Select(panel => (Title: panel.GetProperty("title").GetString(), Box: GridBox.Of(panel))).ToList();

        Assert.All(boxes, box => Assert.True(box.Box.FitsTheGrid, $"{box.Title} {box.Box} leaves Grafana's 24 columns"));
        var overlaps = boxes.SelectMany((a, i) => boxes.Skip(i + 1).Where(b => a.Box.Overlaps(b.Box)).Select(b => $"{a.Title} {a.Box} / {b.Title} {b.Box}")).ToList();
        Assert.Empty(overlaps);
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Datasources_EveryReference_IsTheProvisionedPrometheusUid(string file)
    {
        var provisionedUid = GrafanaProvisioning.Load(RepositoryRoot.Path).DatasourceUid;
        var references = Dashboard(file).AllProperties("datasource").ToList();

        Assert.NotEmpty(references);
        Assert.All(references, reference =>
        {
            Assert.Equal(JsonValueKind.Object, reference.ValueKind);
            var (type, uid) = (reference.GetProperty("type").GetString(), reference.GetProperty("uid").GetString());
            Assert.True(
                (type, uid) == ("prometheus", provisionedUid) || (type, uid) == ("grafana", "-- Grafana --"),
                $"datasource {reference} is neither the provisioned Prometheus ({provisionedUid}) nor Grafana's built-in annotations");
        });
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Panels_EveryDataPanel_HasAPromQlTargetWithAUniqueRefId(string file)
    {
        var dataPanels = Dashboard(file).Panels.Where(panel => panel.GetProperty("type").GetString() != "row").ToList();

        Assert.All(dataPanels, panel =>
        {
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            Assert.All(targets, target => Assert.False(string.IsNullOrWhiteSpace(target.GetProperty("expr").GetString())));
            Assert.Equal(targets.Count, targets.Select(target => target.GetProperty("refId").GetString()).Distinct().Count());
        });
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Variables_EveryDefinedIsUsed_AndEveryUsedIsDefined(string file)
    {
        var dashboard = Dashboard(file);
        var defined = dashboard.Variables.Select(variable => variable.Name).ToHashSet(StringComparer.Ordinal);
        var usedByPanels = dashboard.Queries.SelectMany(query => GrafanaDashboard.VariableReferences(query.Expr));
        var usedByOtherVariables = dashboard.Variables.SelectMany(variable => GrafanaDashboard.VariableReferences(variable.Query).Where(name => name != variable.Name));
        var usedAnywhere = dashboard.AllStrings().SelectMany(GrafanaDashboard.VariableReferences).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(usedAnywhere.Except(defined));
        Assert.Empty(defined.Except(usedByPanels.Concat(usedByOtherVariables)));
    }

    [Fact]
    public void InstanceDetails_Variables_ListOrganizationsAndTheirInstancesFromPrometheus()
    {
        var variables = Dashboard(InstanceDetailsUid).Variables;

        Assert.Equal(["org_name", "instance_id"], variables.Select(variable => variable.Name));
        Assert.Equal("label_values(supabase_instance_info, org_name)", variables[0].Query);
        Assert.Equal("label_values(supabase_instance_info{org_name=~\"$org_name\"}, instance_id)", variables[1].Query);
        var refresh = Dashboard(InstanceDetailsUid).Root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .Select(variable => variable.GetProperty("refresh").GetInt32());
        Assert.All(refresh, value => Assert.Equal(2, value)); // on time-range change: a new instance shows without a restart
    }

    [Fact]
    public void AlertRules_DashboardLinks_ResolveToADashboardAndItsVariables()
    {
        var links = Alerts.Select(rule => rule.Annotations["dashboard"]).Distinct(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(links);
        Assert.All(links, link =>
        {
            var match = DashboardLink().Match(link);
            Assert.True(match.Success, link);
            var dashboard = Dashboard(match.Groups["uid"].Value);
            Assert.Equal(Slug(dashboard.Title), match.Groups["slug"].Value);
            var variables = dashboard.Variables.Select(variable => variable.Name);
            Assert.All(match.Groups["var"].Captures.Select(capture => capture.Value), name => Assert.Contains(name, variables));
        });
    }

    [Fact]
    public void Overview_InstanceStatusTable_LinksEachInstanceToItsDetailsPage()
    {
        var table = Dashboard(OverviewUid).Panels.Single(panel => panel.GetProperty("title").GetString() == "Instance status");
        var urls = GrafanaDashboardText(table).Where(text => text.StartsWith("/d/", StringComparison.Ordinal)).ToList();

        var url = Assert.Single(urls);
        Assert.StartsWith($"/d/{InstanceDetailsUid}/{Slug(Dashboard(InstanceDetailsUid).Title)}?var-instance_id=${{__value.raw}}", url, StringComparison.Ordinal);
        Assert.Contains(Dashboard(OverviewUid).Queries, query => query.PanelTitle == "Instance status" && query.Expr.Contains("instance_id", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Annotations_FiringAlerts_AreDrawnFromTheAlertsSeries(string file)
    {
        var queries = Dashboard(file).AnnotationQueries;

        Assert.Contains(queries, query => query.StartsWith("ALERTS{alertstate=\"firing\"", StringComparison.Ordinal));
    }

    [Fact]
    public void OpenAlertsPanels_ShowFiringAlerts_OnOverviewAndInstanceDetails()
    {
        Assert.Contains(Dashboard(OverviewUid).Queries, query => query.PanelTitle == "Open alerts" && query.Expr.Contains("ALERTS{alertstate=\"firing\"", StringComparison.Ordinal));
        Assert.Contains(Dashboard(InstanceDetailsUid).Queries, query => query.PanelTitle == "Open alerts" && query.Expr.Contains("ALERTS{alertstate=\"firing\", instance_id=\"$instance_id\"}", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string[]> ThresholdSignals => new()
    {
        { "node_memory_MemAvailable_bytes", "percent", ["HighMemoryUsage", "CriticalMemoryUsage"] },
        { "node_filesystem_avail_bytes", "percent", ["LowDiskSpace", "CriticalDiskSpace"] },
        { "mode=\"idle\"", "percent", ["HighCPUUsage"] },
    };

    [Theory]
    [MemberData(nameof(ThresholdSignals))]
    public void Thresholds_HostPercentPanels_StepAtTheAlertRulesThresholds(string signal, string unit, string[] alertNames)
    {
        var alertThresholds = alertNames.Select(name => Threshold(Alerts.Single(rule => rule.Alert == name).Expr)).Order().ToList();
        var panels = Dashboards.SelectMany(dashboard => dashboard.Panels)
            .Where(panel => panel.GetProperty("type").GetString() != "row"
                            && panel.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString() == unit
                            && panel.GetProperty("targets").EnumerateArray().Any(target => target.GetProperty("expr").GetString()!.Contains(signal, StringComparison.Ordinal)))
            .ToList();

        Assert.True(panels.Count >= 2, $"expected the signal {signal} on the Overview and System Resources");
        Assert.All(panels, panel => Assert.Equal(alertThresholds, ThresholdSteps(panel)));
    }

    [Fact]
    public void Thresholds_RestartPanels_TurnJustAboveContainerRestartingFrequently()
    {
        var alertThreshold = Threshold(Alerts.Single(rule => rule.Alert == "ContainerRestartingFrequently").Expr);
        var panels = Dashboards.SelectMany(dashboard => dashboard.Panels)
            .Where(panel => panel.TryGetProperty("targets", out var targets)
                            && targets.EnumerateArray().Any(target => target.GetProperty("expr").GetString()!.Contains("increase(supabase_docker_container_restarts_total", StringComparison.Ordinal)))
            .ToList();

        Assert.Equal(2, panels.Count);
        Assert.All(panels, panel =>
        {
            var step = Assert.Single(ThresholdSteps(panel));
            Assert.InRange(step, alertThreshold + 1e-9, alertThreshold + 1); // the rule is "> 3" over whole restarts
        });
    }

    private static GrafanaDashboard Dashboard(string fileOrUid) =>
        Dashboards.Single(dashboard => dashboard.FileName == fileOrUid || dashboard.Uid == fileOrUid);

    private static IEnumerable<string> GrafanaDashboardText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => GrafanaDashboardText(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(GrafanaDashboardText),
        _ => [],
    };

    private static List<double> ThresholdSteps(JsonElement panel) =>
        panel.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("thresholds").GetProperty("steps").EnumerateArray()
            .Where(step => step.GetProperty("value").ValueKind == JsonValueKind.Number)
            .Select(step => step.GetProperty("value").GetDouble())
            .ToList();

    private static double Threshold(string alertExpr) =>
        double.Parse(AlertThreshold().Match(alertExpr.Trim()) /* the first "> N": a tenant rule's joins follow it */.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    private static string Slug(string title) => title.ToLowerInvariant().Replace(' ', '-');

    [GeneratedRegex(@"^http://localhost:3001/d/(?<uid>[a-z0-9-]+)/(?<slug>[a-z0-9-]+)(?:\?(?:var-(?<var>\w+)=[^&]*&?)*)?$")]
    private static partial Regex DashboardLink();

    [GeneratedRegex(@">\s*(\d+(?:\.\d+)?)(?:\s|$)")]
    private static partial Regex AlertThreshold();
}
