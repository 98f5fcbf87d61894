using Supawatch.Alerting;

namespace Supawatch.Tests.Alerting;

/// <summary>The rules model: the seed's names, severities, thresholds and durations, joins and links.</summary>
public sealed class AlertRulesTests
{
    private static readonly RuleFile Rules = AlertRules.Build(new AlertingOptions());
    private static readonly RuleFile RulesWithoutSloAlerts = AlertRules.Build(new AlertingOptions { SloAlerts = false });

    public static TheoryData<string, string, string, int> Seed => new()
    {
        { "SupabaseInstanceDown", "critical", "", 1 },
        { "SupabaseKongDown", "critical", "", 2 },
        { "CriticalMemoryUsage", "critical", "> 95", 1 },
        { "CriticalDiskSpace", "critical", "> 90", 2 },
        { "SupabaseStudioDown", "warning", "", 3 },
        { "HighCPUUsage", "warning", "> 80", 5 },
        { "HighMemoryUsage", "warning", "> 85", 3 },
        { "LowDiskSpace", "warning", "> 80", 5 },
        { "ContainerRestartingFrequently", "warning", "> 3", 0 },
    };

    [Theory]
    [MemberData(nameof(Seed))]
    public void Build_SeedAlert_HasTheSeedsSeverityThresholdAndFor(string name, string severity, string threshold, int forMinutes)
    {
        var rule = Assert.Single(AlertRules.All(Rules), r => r.Alert == name);

        Assert.Equal(severity, rule.Severity);
        Assert.Contains(threshold, rule.Expr, StringComparison.Ordinal);
        Assert.Equal(forMinutes == 0 ? null : TimeSpan.FromMinutes(forMinutes), rule.For);
        Assert.All(["summary", "description", "status_page", "dashboard"], key => Assert.False(string.IsNullOrWhiteSpace(rule.Annotations[key])));
    }

    [Fact]
    public void Build_Always_HasTheNineSeedAlertsAndSelfMonitoring()
    {
        var names = AlertRules.All(Rules).Select(r => r.Alert).ToList();

        // The seed's nine, five self-monitoring and host, six database, three API (service through Kong, Kong 5xx, Kong latency), three SLO burn rates.
        Assert.Equal(AlertNames.Seed.Count + 5 + 6 + 3 + 3, names.Count);
        var withoutSlo = AlertRules.All(RulesWithoutSloAlerts).Select(r => r.Alert).ToList();
        Assert.Equal(AlertNames.Seed.Count + 5 + 6 + 3, withoutSlo.Count);
        Assert.DoesNotContain(Supawatch.Slo.SloPolicy.FastBurn, withoutSlo);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(AlertNames.Seed.Concat([AlertNames.HostOutage, AlertNames.Watchdog, AlertNames.SourceDown, AlertNames.Stale, AlertNames.TargetDown,
            AlertNames.DatabaseDown, AlertNames.DatabaseConnectionsHigh, AlertNames.DatabaseLongTransaction, AlertNames.DatabaseWraparound,
            AlertNames.DatabaseDeadlocks, AlertNames.DatabaseGrowingFast, AlertNames.ApiServiceDown, AlertNames.ApiHighErrorRate, AlertNames.ApiHighLatency, Supawatch.Slo.SloPolicy.FastBurn, Supawatch.Slo.SloPolicy.SlowBurn, Supawatch.Slo.SloPolicy.Leak]), name => Assert.Contains(name, names));
        Assert.Equal(("vector(1)", Severity.None), AlertRules.All(Rules).Where(r => r.Alert == AlertNames.Watchdog).Select(r => (r.Expr, r.Severity)).Single());
    }

    [Theory]
    [InlineData("SupabaseInstanceDown")]
    [InlineData("SupabaseKongDown")]
    [InlineData("SupabaseStudioDown")]
    [InlineData("ContainerRestartingFrequently")]
    public void Build_TenantAlert_JoinsOrgProjectAndHost_OnExpectedUp_AndStandsAsideInAHostOutage(string name)
    {
        var rule = AlertRules.All(Rules).Single(r => r.Alert == name);

        Assert.Contains(name, AlertNames.TenantAlerts);
        Assert.Contains("group_left (org_id, org_name, project_name, host)", rule.Expr, StringComparison.Ordinal);
        Assert.Contains("supabase_instance_expected_up == 1", rule.Expr, StringComparison.Ordinal);
        // The states live in one setting the exporter reads (SUPAWATCH_STOPPED_STATES), never in the rule file.
        Assert.DoesNotContain("expected_state", rule.Expr, StringComparison.Ordinal);
        Assert.Contains(AlertSignals.HostOutage, rule.Expr, StringComparison.Ordinal);
        Assert.Contains($"ALERTS{{alertname=\"{name}\", alertstate=\"firing\"}}", rule.Expr, StringComparison.Ordinal);
        Assert.Contains("$labels.org_name", rule.Annotations["description"], StringComparison.Ordinal);
        Assert.Contains("$labels.project_name", rule.Annotations["description"], StringComparison.Ordinal);
        Assert.Contains("$labels.instance_id", rule.Annotations["dashboard"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SupabaseErrorBudgetFastBurn", "5m")]
    [InlineData("SupabaseErrorBudgetSlowBurn", "30m")]
    [InlineData("SupabaseErrorBudgetLeak", "6h")]
    public void Build_BurnRateAlert_JoinsOrgProjectAndHost_OnExpectedUp_AndStandsAsideThroughItsShortWindowAfterAHostOutage(string name, string shortWindow)
    {
        var rules = AlertRules.All(Rules).ToList();
        var rule = rules.Single(r => r.Alert == name);
        var record = Assert.Single(Rules.Groups.SelectMany(g => g.Records), r => r.Record == SloRules.HostOutageRecord);

        Assert.Contains(name, AlertNames.TenantAlerts);
        Assert.Equal(AlertSignals.HostOutage, record.Expr);
        Assert.Contains("group_left (org_id, org_name, project_name, host)", rule.Expr, StringComparison.Ordinal);
        Assert.Contains("supabase_instance_expected_up == 1", rule.Expr, StringComparison.Ordinal);
        Assert.Contains($"max_over_time({SloRules.HostOutageRecord}[{shortWindow}])", rule.Expr, StringComparison.Ordinal);
        Assert.Contains($"ALERTS{{alertname=\"{name}\", alertstate=\"firing\"}}", rule.Expr, StringComparison.Ordinal);
        Assert.Contains("group_left (objective)", rule.Expr, StringComparison.Ordinal);
        Assert.Contains("$labels.org_name", rule.Annotations["description"], StringComparison.Ordinal);
        Assert.Contains(SloRules.BudgetRemaining, rule.Annotations["budget_left"], StringComparison.Ordinal);
        // The host-outage record is evaluated before the alerts, in their group, so "this evaluation" is in its window.
        var group = Rules.Groups.Single(g => g.Rules.Contains(rule));
        Assert.Contains(group.Records, r => r.Record == SloRules.HostOutageRecord);
    }

    [Fact]
    public void Build_HostOutage_IsCritical_ByHost_NoSlowerThanAnyTenantAlert()
    {
        var rule = AlertRules.All(Rules).Single(r => r.Alert == AlertNames.HostOutage);
        var tenantFors = AlertRules.All(Rules).Where(r => AlertNames.TenantAlerts.Contains(r.Alert) && r.For is not null).Select(r => r.For!.Value);

        Assert.Equal(Severity.Critical, rule.Severity);
        Assert.Equal(AlertSignals.HostOutage, rule.Expr);
        Assert.NotNull(rule.For);
        Assert.True(rule.For <= tenantFors.Min(), "a host outage must fire no later than the first per-instance alert it stands in for");
        Assert.Contains("$labels.host", rule.Annotations["summary"], StringComparison.Ordinal);
        Assert.Contains("count by (org_name)", rule.Annotations["description"], StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Links_UseTheConfiguredStatusPageAndGrafana()
    {
        var rules = AlertRules.Build(new AlertingOptions { StatusPageUrl = "https://status.example.com/status", GrafanaUrl = "https://grafana.example.com/" });

        Assert.All(AlertRules.All(rules), r =>
        {
            Assert.Equal("https://status.example.com/status", r.Annotations["status_page"]);
            Assert.StartsWith("https://grafana.example.com/d/", r.Annotations["dashboard"], StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Build_ApiThresholdsFromSettings_RenderedIntoTheKongAlertsExpressionsAndDescriptions()
    {
        var configuration = Supawatch.Configuration.SupawatchConfiguration.Build(null, new Dictionary<string, string>
        {
            ["SUPAWATCH_ALERT_API_5XX_PERCENT"] = "2.5",
            ["SUPAWATCH_ALERT_API_LATENCY_MS"] = "750",
        });
        var rules = AlertRules.All(AlertRules.Build(AlertingOptions.From(configuration))).ToList();

        var errors = rules.Single(r => r.Alert == AlertNames.ApiHighErrorRate);
        Assert.Contains("instance_id:kong_http_requests_5xx:ratio_rate5m > 0.025 and", errors.Expr, StringComparison.Ordinal);
        Assert.Contains("more than 2.5% of the requests", errors.Annotations["description"], StringComparison.Ordinal);
        var latency = rules.Single(r => r.Alert == AlertNames.ApiHighLatency);
        Assert.Contains("instance_id:kong_request_latency_ms:p95_5m > 750 and", latency.Expr, StringComparison.Ordinal);
        Assert.Contains("above 750 ms", latency.Annotations["description"], StringComparison.Ordinal);
        // Unset: the defaults the approved file holds.
        Assert.Contains("ratio_rate5m > 0.05 and", Rules.Groups.SelectMany(g => g.Rules).Single(r => r.Alert == AlertNames.ApiHighErrorRate).Expr, StringComparison.Ordinal);
        Assert.Contains("p95_5m > 2000 and", Rules.Groups.SelectMany(g => g.Rules).Single(r => r.Alert == AlertNames.ApiHighLatency).Expr, StringComparison.Ordinal);
    }

    [Fact]
    public void WithFor_ShortensEveryFor_AndLeavesAlertsWithoutOne()
    {
        var shortened = AlertRules.WithFor(Rules, TimeSpan.FromSeconds(2));

        Assert.All(AlertRules.All(shortened).Where(r => r.For is not null), r => Assert.Equal(TimeSpan.FromSeconds(2), r.For));
        Assert.Null(AlertRules.All(shortened).Single(r => r.Alert == AlertNames.ContainerRestartingFrequently).For);
        Assert.Contains("for: 2s", AlertRules.Render(shortened), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Default_MatchesTheApprovedFile_AndTheShippedAlertsFile()
    {
        var yaml = AlertRules.Render(Rules);

        Approval.Verify("alerting_rules.yml", yaml);
        Assert.Equal(File.ReadAllText(Path.Combine(Approval.RepositoryRoot(), "alerts", "alerting_rules.yml")), yaml);
    }
}
