using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.MasterDb;
using Supawatch.Tests.Dashboards;

namespace Supawatch.IntegrationTests.Dashboards;

/// <summary>
/// Grafana cannot run here, so every panel is proven by its query: each target of each dashboard in
/// grafana/dashboards/, variables filled in with a real discovered instance, runs against a real Prometheus
/// that scrapes a real Supawatch (Docker Engine tenants, a master DB, a tenant PostgreSQL) and a real node_exporter,
/// and evaluates the shipped alerts/alerting_rules.yml.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed partial class DashboardQueryTests(DockerEngineFixture engine, PostgresFixture masterDb, PrometheusFixture prometheus, NodeExporterFixture nodeExporter)
    : IClassFixture<PostgresFixture>, IClassFixture<PrometheusFixture>, IClassFixture<NodeExporterFixture>
{
    private const string HealthyInstance = "dash1_app_1";
    private const string BrokenInstance = "dash2_app_2";
    private const string HealthyOrganization = "Acme Dash";
    private const string InstanceDetailsUid = "supabase-instance-details";

    /// <summary>Grafana's rate interval is at least four scrapes; the test scrapes every second and runs for a minute or two.</summary>
    private static readonly GrafanaIntervals Intervals = new(RateInterval: "1m", Interval: "15s", Range: "5m");

    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(30);

    /// <summary>Time for two stats sweeps, health rounds, a tenant-DB read and four restarts of the broken Kong.</summary>
    private static readonly TimeSpan DataTimeout = TimeSpan.FromSeconds(150);

    /// <summary>
    /// Instance Details panels that show only what went wrong: a container's last exit (absent until a container
    /// has stopped) and the instance's firing alerts. They are empty on the healthy instance by design, so they are
    /// proven on the broken one instead, whose Kong exits with code 3 and restarts until ContainerRestartingFrequently fires.
    /// </summary>
    private static readonly HashSet<string> EmptyWhileHealthy = ["Container exits", "Open alerts", AnnotationPanel];

    private const string AnnotationPanel = "annotation: Firing alerts";
    private const string InvalidQuery = "invalid query";

    [Fact]
    public async Task EveryPanelQuery_RealFleetAndHost_IsValidAndReturnsData()
    {
        await masterDb.ExecuteAsync(MasterDbQuery.Schema);
        await masterDb.ExecuteAsync($"""
            TRUNCATE projects, organizations;
            INSERT INTO organizations VALUES ('dash-o1', '{HealthyOrganization}'), ('dash-o2', 'Globex Dash');
            INSERT INTO projects VALUES ('{HealthyInstance}', 'dash-o1', 'Shop', 'active'), ('{BrokenInstance}', 'dash-o2', 'Blog', 'active');
            """);
        string[] containers = [$"{HealthyInstance}_kong", $"{HealthyInstance}_studio", $"{HealthyInstance}_db", $"{BrokenInstance}_kong"];
        try
        {
            var kong = await engine.RunHttpdAsync(containers[0]);
            // The healthy Kong also answers the API checks' routes and serves Kong 2.x request metrics, for the "API through Kong" row.
            await using var kongMetrics = KongStandIn.Start(kong.WwwDirectory);
            await engine.RunHttpdAsync(containers[1]);
            var db = await engine.RunPostgresDbAsync(containers[2]);
            await engine.RunAsync(containers[3], "--restart=always", BusyboxImage.Reference, "sh", "-c", "sleep 1; exit 3");
            // An application's connection, so the database panels have a client to count (Supawatch leaves itself out).
            await using var application = new NpgsqlConnection(db.ConnectionString + ";Pooling=false");
            await application.OpenAsync();
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["MASTER_DB_URL"] = masterDb.Url,
                ["SUPAWATCH_STATS_INTERVAL"] = "1",
                ["SUPAWATCH_DB_USER"] = "postgres",
                ["DISCOVERY_INTERVAL"] = "2",
                ["HEALTH_CHECK_INTERVAL"] = "2",
                ["SUPAWATCH_API_CHECKS"] = "auth,rest,storage",
            });
            await StartPrometheusAsync(new Uri(server.MetricsUrl).Authority, new Uri(kong.Url).Authority);

            var dashboards = GrafanaDashboard.LoadAll(RepositoryRoot.Path);
            var checks = dashboards.SelectMany(PanelChecks).Concat(dashboards.SelectMany(VariableChecks)).ToList();
            var problems = await ProblemsOnceSettledAsync(checks);

            Assert.True(problems.Count == 0, $"{problems.Count} of {checks.Count} dashboard queries failed:\n{string.Join('\n', problems)}");
            Assert.All(dashboards, dashboard => Assert.True(
                checks.Count(check => check.Dashboard == dashboard.Uid && check.Verdict == PanelCheck.HasData) >= 10,
                $"{dashboard.Uid}: fewer than 10 queries were required to return data"));
        }
        finally
        {
            foreach (var name in containers)
            {
                await engine.RemoveAsync(name).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private IEnumerable<PanelCheck> PanelChecks(GrafanaDashboard dashboard)
    {
        var queries = dashboard.Queries.Select(query => (query.PanelTitle, query.RefId, query.Expr))
            .Concat(dashboard.AnnotationQueries.Select(expr => (PanelTitle: AnnotationPanel, RefId: "annotation", Expr: expr)));
        foreach (var (panel, refId, expr) in queries)
        {
            if (dashboard.Uid == InstanceDetailsUid && EmptyWhileHealthy.Contains(panel))
            {
                yield return Check(dashboard, panel, refId, expr, HealthyInstance, PanelCheck.IsValid);
                yield return Check(dashboard, panel, refId, expr, BrokenInstance, PanelCheck.HasData);
            }
            else
            {
                yield return Check(dashboard, panel, refId, expr, HealthyInstance, PanelCheck.HasData);
            }
        }
    }

    /// <summary>Each variable's label_values query, run as Grafana runs it, lists the instance, organization and host under test.</summary>
    private IEnumerable<PanelCheck> VariableChecks(GrafanaDashboard dashboard)
    {
        foreach (var variable in dashboard.Variables)
        {
            var match = LabelValues().Match(variable.Query);
            Assert.True(match.Success, $"{dashboard.Uid}: variable {variable.Name} is not a label_values query: {variable.Query}");
            var (selector, label) = (match.Groups["selector"].Value, match.Groups["label"].Value);
            var expr = $"group by ({label}) ({selector})";
            var expected = Values(HealthyInstance)[variable.Name];
            Func<JsonElement, string?> lists = data =>
            {
                var found = data.GetProperty("result").EnumerateArray().Select(series => series.GetProperty("metric").GetProperty(label).GetString()).ToList();
                return !found.Contains(expected) ? $"lists [{string.Join(", ", found)}], not {expected}"
                    : variable.Name == "instance_id" && found.Contains(BrokenInstance) ? $"lists {BrokenInstance}, which belongs to another organization"
                    : null;
            };
            yield return new PanelCheck(dashboard.Uid, $"variable {variable.Name}", "query", GrafanaDashboard.Substitute(expr, Values(HealthyInstance), Intervals), lists);
        }
    }

    private PanelCheck Check(GrafanaDashboard dashboard, string panel, string refId, string expr, string instanceId, Func<JsonElement, string?> verdict) =>
        new(dashboard.Uid, dashboard.Uid == InstanceDetailsUid ? $"{panel} ({instanceId})" : panel, refId,
            GrafanaDashboard.Substitute(expr, Values(instanceId), Intervals), verdict);

    private Dictionary<string, string> Values(string instanceId) => new(StringComparer.Ordinal)
    {
        ["instance_id"] = instanceId,
        ["org_name"] = HealthyOrganization,
        ["node"] = nodeExporter.Address,
    };

    private async Task StartPrometheusAsync(string supawatchAddress, string kongAddress)
    {
        // The shipped rules with the SLO groups' own intervals (1m, 5m) left out, so they evaluate at the test's 1 s: the
        // error-budget panels read their recorded series, which would otherwise take up to five minutes to appear.
        await ShippedRulesPrometheus.StartAsync(prometheus, ShippedRulesPrometheus.SloClock.EverySecond, $$"""
              - job_name: supawatch
                static_configs:
                  - targets: ["{{supawatchAddress}}"]
              - job_name: node
                static_configs:
                  - targets: ["{{nodeExporter.Address}}"]
              - job_name: kong
                static_configs:
                  - targets: ["{{kongAddress}}"]
                    labels: {instance_id: "{{HealthyInstance}}"}
            """);
        await Wait.UntilAsync(
            async () => (await prometheus.GetActiveTargetsAsync()) is { Count: 3 } targets && targets.All(target => target.Health == "up"),
            Ready,
            "Prometheus scraping Supawatch, node_exporter and the healthy tenant's Kong");
    }

    /// <summary>
    /// Runs every check until all pass or <see cref="DataTimeout"/> ends (series appear as the fleet's data
    /// arrives); returns what still fails. An invalid query fails at once, alone: waiting cannot fix it, and
    /// the panels still filling up would only hide it.
    /// </summary>
    private async Task<List<string>> ProblemsOnceSettledAsync(IReadOnlyList<PanelCheck> checks)
    {
        var problems = new List<string>();
        try
        {
            await Wait.UntilAsync(async () =>
            {
                problems = await ProblemsAsync(checks);
                var invalid = problems.Where(problem => problem.Contains(InvalidQuery, StringComparison.Ordinal)).ToList();
                if (invalid.Count > 0)
                {
                    problems = invalid;
                }

                return problems.Count == 0 || invalid.Count > 0;
            }, DataTimeout, "every dashboard query to return data", TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
        }

        return problems;
    }

    private async Task<List<string>> ProblemsAsync(IReadOnlyList<PanelCheck> checks)
    {
        var problems = new List<string>();
        foreach (var check in checks)
        {
            try
            {
                var data = await prometheus.QueryAsync(check.Expr);
                if (check.Verdict(data) is { } problem)
                {
                    problems.Add(check.Describe(problem));
                }
            }
            catch (InvalidOperationException ex)
            {
                problems.Add(check.Describe($"{InvalidQuery}: {ex.Message}"));
            }
        }

        return problems;
    }

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*(?<label>\w+)\)$")]
    private static partial Regex LabelValues();
}
