using static Supawatch.Alerting.AlertSignals;

namespace Supawatch.Alerting;

/// <summary>
/// alerts/alerting_rules.yml: the seed's nine alerts with its names, severities, thresholds and durations,
/// and Supawatch's self-monitoring. Each shipped duration is proven by a promtool test in alerts/tests/.
/// </summary>
public static class AlertRules
{
    public const string FileName = "alerting_rules.yml";

    private const string Tenant = "Instance {{ $labels.instance_id }} (project {{ or $labels.project_name \"unknown\" }}, organization {{ or $labels.org_name \"unknown\" }})";
    private const string Host = "Host {{ $labels.instance }}";

    // Host outage annotations ask Prometheus (template `query`) how many instances the host has and which
    // organizations are hit; %q puts the host's name into the PromQL as a quoted string.
    private static readonly string Unreachable = "query (printf `min(supabase_instance_host_up{host=%q}) == 0` $labels.host)";

    private static readonly string HostOutageSummary =
        "{{ if " + Unreachable + " }}Docker host {{ $labels.host }} is unreachable"
        + "{{ else }}{{ $value }} instances are down on Docker host {{ $labels.host }}{{ end }}";

    private static readonly string HostOutageDescription =
        "{{ $value }} of the {{ with query (printf `count(" + PageableInstances("{host=%q}") + ")` $labels.host) }}{{ . | first | value }}{{ end }}"
        + " instances that should run on Docker host {{ $labels.host }} are down"
        + "{{ if " + Unreachable + " }} or unknown: its Docker Engine cannot be read{{ end }}."
        + " Organizations: {{ range $i, $r := query (printf `count by (org_name) (" + AffectedInstances("{host=%q}") + ")` $labels.host) | sortByLabel \"org_name\" }}"
        + "{{ if $i }}, {{ end }}{{ or $r.Labels.org_name \"unknown\" }} ({{ $r.Value }}){{ end }}."
        + " Their own alerts are held back while this fires; an instance still down when the host recovers pages on its own.";

    public static RuleFile Build(AlertingOptions options)
    {
        // Annotations are Go templates: the operator's URLs go in as literals, whatever braces they hold.
        var grafana = GoTemplate.Literal((options.GrafanaUrl ?? AlertingOptions.DefaultGrafanaUrl).TrimEnd('/'));
        var instanceDashboard = $"{grafana}/d/supabase-instance-details/instance-details?var-instance_id={{{{ $labels.instance_id }}}}";
        var hostDashboard = $"{grafana}/d/system-resources/system-resources";
        var overview = $"{grafana}/d/supabase-overview/supabase-overview";
        var status = GoTemplate.Literal(options.StatusPageUrl ?? AlertingOptions.DefaultStatusPageUrl);
        var runbooks = GoTemplate.Literal(Runbook.BaseUrl(options));

        AlertingRule Rule(string name, string severity, string expr, TimeSpan? @for, string summary, string description, string dashboard) => new()
        {
            Alert = name,
            Expr = expr,
            For = @for,
            Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["severity"] = severity },
            Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["summary"] = summary,
                ["description"] = description,
                ["status_page"] = status,
                ["dashboard"] = dashboard,
                ["runbook_url"] = runbooks + "#" + Runbook.Anchor(name),
            },
        };

        var instances = new RuleGroup("supabase-instances",
        [
            Rule(AlertNames.HostOutage, Severity.Critical, HostOutage, Minutes(1),
                HostOutageSummary, HostOutageDescription, overview),
            Rule(AlertNames.InstanceDown, Severity.Critical, ForTenants(InstanceDown, AlertNames.InstanceDown), Minutes(1),
                "Supabase instance {{ $labels.instance_id }} is down",
                $"{Tenant} has not responded for more than 1 minute: none of its containers runs, or all of its HTTP and database checks fail.", instanceDashboard),
            Rule(AlertNames.KongDown, Severity.Critical, ForTenants(KongDown, AlertNames.KongDown), Minutes(2),
                "Kong API gateway of {{ $labels.instance_id }} is down",
                $"{Tenant}: Kong has been down for more than 2 minutes (its container is not running or fails its checks); the instance's API is unreachable.", instanceDashboard),
            Rule(AlertNames.StudioDown, Severity.Warning, ForTenants(StudioDown, AlertNames.StudioDown), Minutes(3),
                "Studio of {{ $labels.instance_id }} is unreachable",
                $"{Tenant}: Studio has been down for more than 3 minutes (its container is not running or fails its checks).", instanceDashboard),
            Rule(AlertNames.ContainerRestartingFrequently, Severity.Warning, ForTenants(ContainerRestarts + " > 3", AlertNames.ContainerRestartingFrequently), null,
                "Container {{ $labels.container_name }} restarted {{ $value }} times in 15 minutes",
                $"{Tenant}: container {{{{ $labels.container_name }}}} ({{{{ $labels.component }}}}) restarted more than 3 times in the last 15 minutes.", instanceDashboard),
        ]);

        var databases = DatabaseRules.Build(options, Rule, Tenant, instanceDashboard);
        var api = ApiRules.Build(options, Rule, Tenant, instanceDashboard);

        // The seed's memory and disk alerts come in pairs (critical, warning) that differ only in threshold and duration.
        AlertingRule Memory(string name, string severity, int above, int minutes) => Rule(name, severity, $"{MemoryUsedPercent} > {above}", Minutes(minutes),
            $"Host memory above {above}% on {{{{ $labels.instance }}}}",
            $"{Host} has used {{{{ $value | printf \"%.1f\" }}}}% of its memory for more than {MinutesText(minutes)}.", hostDashboard);
        AlertingRule Disk(string name, string severity, int above, int minutes) => Rule(name, severity, $"{DiskUsedPercent} > {above}", Minutes(minutes),
            $"Disk {{{{ $labels.mountpoint }}}} above {above}% on {{{{ $labels.instance }}}}",
            $"{Host}: {{{{ $labels.mountpoint }}}} ({{{{ $labels.device }}}}) is {{{{ $value | printf \"%.1f\" }}}}% full for more than {MinutesText(minutes)}.", hostDashboard);

        var host = new RuleGroup("supabase-host",
        [
            Memory(AlertNames.CriticalMemoryUsage, Severity.Critical, 95, 1),
            Disk(AlertNames.CriticalDiskSpace, Severity.Critical, 90, 2),
            Rule(AlertNames.HighCpuUsage, Severity.Warning, CpuUsedPercent + " > 80", Minutes(5),
                "Host CPU above 80% on {{ $labels.instance }}",
                $"{Host} has been {{{{ $value | printf \"%.1f\" }}}}% busy for more than 5 minutes.", hostDashboard),
            Memory(AlertNames.HighMemoryUsage, Severity.Warning, 85, 3),
            Disk(AlertNames.LowDiskSpace, Severity.Warning, 80, 5),
        ]);

        var self = new RuleGroup("supawatch-self",
        [
            Rule(AlertNames.Watchdog, Severity.None, "vector(1)", null,
                "Alerting pipeline heartbeat (always firing)",
                "This alert always fires. Point a dead man's switch at it: when it stops arriving, Prometheus, Alertmanager or the path between them is broken.", overview),
            Rule(AlertNames.SourceDown, Severity.Warning, AsideInHostOutage("supawatch_source_up == 0", AlertNames.SourceDown, "host"), Minutes(5),
                "Supawatch source {{ $labels.source }} is down",
                "Supawatch's {{ $labels.source }} source has failed for more than 5 minutes; the inventory is the last good one and may be out of date.", overview),
            Rule(AlertNames.Stale, Severity.Warning, "time() - supawatch_metrics_render_timestamp_seconds > 120", Minutes(5),
                "Supawatch on {{ $labels.instance }} exports stale data",
                "Supawatch's exposition was last prepared {{ $value | humanizeDuration }} ago (normally every 2 s): its background work is stuck.", overview),
            Rule(AlertNames.TargetDown, Severity.Warning, AsideInHostOutage(TargetDown, AlertNames.TargetDown, "instance_id"), Minutes(5),
                "Prometheus cannot scrape {{ $labels.job }} at {{ $labels.instance }}",
                "Target {{ $labels.instance }} of job {{ $labels.job }} has failed every scrape for more than 5 minutes.", overview),
        ]);

        var downFor = instances.Rules.Where(r => SloRules.DownAlerts.Contains(r.Alert)).Max(r => r.For) ?? TimeSpan.Zero;
        return new RuleFile([instances, databases, api, host, self, .. SloRules.Build(options, downFor)]);
    }

    /// <summary>The same rules with every <c>for</c> replaced, for end-to-end runs that cannot wait minutes.</summary>
    public static RuleFile WithFor(RuleFile rules, TimeSpan @for) =>
        new(rules.Groups.Select(g => g with { Rules = g.Rules.Select(r => r.For is null ? r : r with { For = @for }).ToList() }).ToList());

    public static IEnumerable<AlertingRule> All(RuleFile rules) => rules.Groups.SelectMany(g => g.Rules);

    public static string Render(RuleFile rules) =>
        AlertingYaml.Render(rules, "Generated by `supawatch config render`: edits are overwritten.\nAdd your own rules beside it as alerts/<name>_rules.yml; docs/alerting.md explains every alert.");

    private static TimeSpan Minutes(int minutes) => TimeSpan.FromMinutes(minutes);

    private static string MinutesText(int minutes) => minutes == 1 ? "1 minute" : $"{minutes} minutes";

    /// <summary>How <see cref="Build"/> makes one rule: name, severity, expression, for, summary, description, dashboard link.</summary>
    internal delegate AlertingRule RuleFactory(string name, string severity, string expr, TimeSpan? @for, string summary, string description, string dashboard);
}
