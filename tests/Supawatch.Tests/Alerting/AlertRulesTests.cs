using Supawatch.Alerting;

namespace Supawatch.Tests.Alerting;

/// <summary>The rules model: the seed's names, severities, thresholds and durations, joins and links.</summary>
public sealed class AlertRulesTests
{
    private static readonly RuleFile Rules = AlertRules.Build(new AlertingOptions());

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

        Assert.Equal(AlertNames.Seed.Count + 4, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(AlertNames.Seed.Concat([AlertNames.Watchdog, AlertNames.SourceDown, AlertNames.Stale, AlertNames.TargetDown]), name => Assert.Contains(name, names));
        Assert.Equal(("vector(1)", Severity.None), AlertRules.All(Rules).Where(r => r.Alert == AlertNames.Watchdog).Select(r => (r.Expr, r.Severity)).Single());
    }

    [Theory]
    [InlineData("SupabaseInstanceDown")]
    [InlineData("SupabaseKongDown")]
    [InlineData("SupabaseStudioDown")]
    [InlineData("ContainerRestartingFrequently")]
    public void Build_TenantAlert_JoinsOrgAndProject_AndSkipsPausedStoppedCreating(string name)
    {
        var rule = AlertRules.All(Rules).Single(r => r.Alert == name);

        Assert.Contains("group_left (org_id, org_name, project_name)", rule.Expr, StringComparison.Ordinal);
        Assert.Contains("expected_state!~\"paused|stopped|creating\"", rule.Expr, StringComparison.Ordinal);
        Assert.Contains("$labels.org_name", rule.Annotations["description"], StringComparison.Ordinal);
        Assert.Contains("$labels.project_name", rule.Annotations["description"], StringComparison.Ordinal);
        Assert.Contains("$labels.instance_id", rule.Annotations["dashboard"], StringComparison.Ordinal);
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
