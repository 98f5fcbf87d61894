using System.Globalization;
using Supawatch.Instances;
using Supawatch.Slo;
using static Supawatch.Alerting.AlertSignals;

namespace Supawatch.Alerting;

/// <summary>
/// Per-tenant SLOs from one definition (<see cref="SloPolicy"/>, docs/slo.md): recording rules turn the tenant signals
/// into a 0/1 "unavailable" sample a minute per pageable instance, error ratios and burn rates over the workbook's
/// windows and the 30-day budget left; three alerts page (or open a ticket) on the multiwindow burn rates. Each
/// instance's objective comes from <c>supabase_slo_objective</c>, so the rules never hold a number per tenant.
/// </summary>
public static class SloRules
{
    /// <summary>
    /// One sample a minute per pageable instance: 1 when unavailable (the instance or its Kong is down, or an API check
    /// fails), else the share of its requests Kong answered 5xx over 5 minutes where Kong's metrics are scraped and it
    /// serves traffic, else 0.
    /// </summary>
    public const string Unavailable = "instance_id:supabase_slo_unavailable:sample";

    /// <summary>Per host, the <see cref="AlertSignals.HostOutage"/> condition (instances affected), so the burn-rate pages can stand aside after it.</summary>
    public const string HostOutageRecord = "host:supabase_host_outage:count";

    /// <summary>
    /// An instance in a maintenance window (confirmed status 5, maintenance) spends no budget: no sample is recorded
    /// for it.
    /// </summary>
    public static readonly string MaintenanceCondition = $"supabase_instance_health_status == {(int)HealthStatus.Maintenance}";

    /// <summary>The bad and total samples of 5-minute tiles, from which the 3-day and 30-day ratios are summed cheaply.</summary>
    public const string BadTile = "instance_id:supabase_slo_unavailable_samples:5m";

    public const string TotalTile = "instance_id:supabase_slo_samples:5m";

    public static readonly TimeSpan SampleInterval = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan TileInterval = TimeSpan.FromMinutes(5);

    /// <summary>The windows computed from the raw samples; longer ones are summed from tiles.</summary>
    public static readonly TimeSpan RawLimit = TimeSpan.FromHours(6);

    public static string ErrorRatio(TimeSpan window) => $"instance_id:supabase_slo_error_ratio:{Suffix(window)}";

    public static string BurnRate(TimeSpan window) => $"instance_id:supabase_slo_burn_rate:{Suffix(window)}";

    public const string BudgetRemaining = "instance_id:supabase_slo_budget_remaining:30d";

    /// <summary>The allowed error ratio of each instance, by instance_id.</summary>
    private const string Budget = "(1 - max by (instance_id) (" + SloSeries.Name + "))";

    /// <summary>A service behind the tenant's Kong failing its API check (<c>SUPAWATCH_API_CHECKS</c>; no series without them).</summary>
    public const string ApiCheckFailing = "min by (instance_id, component) (supabase_health_check_up{check=\"api\"}) == 0";

    private static readonly string Bad =
        $"count by (instance_id) ({InstanceDown} or {KongDown} or {ApiCheckFailing}) > bool 0";

    /// <summary>
    /// The share of requests Kong answered 5xx over 5 minutes (<see cref="ApiRules.ErrorRatio"/>, Kong 2.x or 3.x names),
    /// where Kong's metrics are scraped (<c>SUPAWATCH_KONG_METRICS_PORT</c>) and it serves at least
    /// <see cref="ApiRules.MinRequestRate"/> requests a second: no traffic spends nothing, and without Kong metrics the
    /// term has no series.
    /// </summary>
    public static readonly string KongErrorShare =
        $"{ApiRules.ErrorRatio} and on (instance_id) {ApiRules.RequestRate} > {ApiRules.MinRequestRate.ToString("0.###", CultureInfo.InvariantCulture)}";

    private static readonly string Pageable = "(supabase_instance_expected_up == 1)";

    /// <summary>The tenant's own down alerts: while one fires (and for the short window after), its outage is theirs to page.</summary>
    public static readonly IReadOnlyList<string> DownAlerts = [AlertNames.InstanceDown, AlertNames.KongDown];

    /// <summary>
    /// The alerts a burn-rate page stands aside for: the down alerts, and <see cref="AlertNames.ApiServiceDown"/> (a
    /// service failing its API check for 2 minutes, a warning): a sustained API failure — a rejected anon key across the
    /// fleet among them — spends budget but is that alert's to report, so only failures too short for it page.
    /// </summary>
    public static readonly IReadOnlyList<string> StandAsideFor = [.. DownAlerts, AlertNames.ApiServiceDown];

    /// <summary>
    /// The burn-rate alerts, given the longest <c>for</c> of <see cref="DownAlerts"/> (<paramref name="downFor"/>): each
    /// waits that long plus one sample, so a sustained outage is paged by its down alert first and the burn rate stands aside.
    /// </summary>
    public static IReadOnlyList<RuleGroup> Build(AlertingOptions options, TimeSpan downFor)
    {
        var grafana = GoTemplate.Literal((options.GrafanaUrl ?? AlertingOptions.DefaultGrafanaUrl).TrimEnd('/'));
        var dashboard = $"{grafana}/d/supabase-instance-details/instance-details?var-instance_id={{{{ $labels.instance_id }}}}";
        var status = GoTemplate.Literal(options.StatusPageUrl ?? AlertingOptions.DefaultStatusPageUrl);

        var raw = SloPolicy.Windows.Where(w => w <= RawLimit).ToList();
        var tiled = SloPolicy.Windows.Where(w => w > RawLimit).ToList();

        var sli = new List<RecordingRule>
        {
            new(Unavailable,
                $"(\n  ({Bad})\n  or on (instance_id)\n  ({KongErrorShare})\n  or on (instance_id)\n  (0 * max by (instance_id) {Pageable})\n)\n"
                + $"and on (instance_id) {Pageable}\nunless on (instance_id) ({MaintenanceCondition})\n"),
            new(HostOutageRecord, HostOutage),
        };
        sli.AddRange(raw.Select(w => new RecordingRule(ErrorRatio(w), $"avg_over_time({Unavailable}[{PrometheusDuration.Format(w)}])")));
        sli.AddRange(raw.Select(w => new RecordingRule(BurnRate(w), $"{ErrorRatio(w)} / on (instance_id) {Budget}")));

        var budget = new List<RecordingRule>
        {
            new(BadTile, $"sum_over_time({Unavailable}[{PrometheusDuration.Format(TileInterval)}])"),
            new(TotalTile, $"count_over_time({Unavailable}[{PrometheusDuration.Format(TileInterval)}])"),
        };
        budget.AddRange(tiled.Select(w => new RecordingRule(ErrorRatio(w),
            $"sum_over_time({BadTile}[{PrometheusDuration.Format(w)}]) / on (instance_id) sum_over_time({TotalTile}[{PrometheusDuration.Format(w)}])")));
        budget.AddRange(tiled.Select(w => new RecordingRule(BurnRate(w), $"{ErrorRatio(w)} / on (instance_id) {Budget}")));
        budget.Add(new RecordingRule(BudgetRemaining, $"1 - {BurnRate(SloPolicy.Period)}"));

        var runbooks = GoTemplate.Literal(Runbook.BaseUrl(options));
        List<AlertingRule> alerts = options.SloAlerts ? [.. SloPolicy.Alerts.Select(a => Alert(a, status, dashboard, runbooks) with { For = downFor + SampleInterval })] : [];

        return
        [
            // The alerts share the group of the ratios they read: a group evaluates its rules in order, so an alert sees
            // this minute's ratios (from another group it would see them one evaluation late).
            new RuleGroup("supabase-slo", alerts) { Records = sli, Interval = SampleInterval },
            new RuleGroup("supabase-slo-budget", []) { Records = budget, Interval = TileInterval },
        ];
    }

    /// <summary>
    /// The condition of one burn-rate alert, before the tenant join: valued with the long window's burn rate. Besides the
    /// two windows' burn rates it requires
    /// <list type="bullet">
    /// <item>the long window covered by data: Prometheus held the instance's objective a long window ago (a fresh stack's
    /// "1h" holds minutes, and one short outage reads as a huge burn);</item>
    /// <item>no outage paged by another alert in the short window: the tenant's own down alerts and the faster burn-rate
    /// alerts (<see cref="PagedBefore"/>), firing in the short window, and a host outage in it.</item>
    /// </list>
    /// </summary>
    public static string Condition(BurnRateAlert alert)
    {
        var rate = alert.BurnRate.ToString("0.######", CultureInfo.InvariantCulture);
        var shortWindow = PrometheusDuration.Format(alert.ShortWindow);
        return $"(\n    {BurnRate(alert.LongWindow)} > {rate}\n    and on (instance_id) {BurnRate(alert.ShortWindow)} > {rate}\n"
            + $"    and on (instance_id) {Covered(alert.LongWindow)}\n  )\n"
            + $"  * on (instance_id) group_left (objective) (0 * {SloSeries.Name} + 1)\n"
            + $"  unless on (instance_id) max_over_time(ALERTS{{alertname=~\"{string.Join('|', PagedBefore(alert))}\", alertstate=\"firing\"}}[{shortWindow}])\n"
            + $"  unless on (instance_id) (supabase_instance_info and on (host) (max_over_time({HostOutageRecord}[{shortWindow}]))"
            + $"\n    unless on (instance_id) ALERTS{{alertname=\"{alert.Name}\", alertstate=\"firing\"}})";
    }

    /// <summary>Instances whose objective Prometheus already held one <paramref name="window"/> ago (within a tile): their window holds data throughout.</summary>
    public static string Covered(TimeSpan window) =>
        $"max by (instance_id) (present_over_time({SloSeries.Name}[{PrometheusDuration.Format(TileInterval)}] offset {PrometheusDuration.Format(window)}))";

    /// <summary>The alerts whose page covers a burn-rate alert's problem: the tenant's down alerts and the burn-rate alerts above it in the table.</summary>
    public static IReadOnlyList<string> PagedBefore(BurnRateAlert alert) =>
        [.. StandAsideFor, .. SloPolicy.Alerts.TakeWhile(a => a.Name != alert.Name).Select(a => a.Name)];

    /// <summary>
    /// The tenant join of <see cref="AlertSignals.ForTenants"/> (organization, project, host; pageable instances only)
    /// without recomputing the host-outage condition: <see cref="Condition"/> already stands aside on the recorded one,
    /// whose window includes this evaluation. At 1,000 tenants the inline condition was most of the alerts' cost.
    /// </summary>
    public static string Tenants(string condition) =>
        $"(\n  {condition}\n)\n* on (instance_id) group_left (org_id, org_name, project_name, host)\n  {PageableInstances()}\n";

    private static AlertingRule Alert(BurnRateAlert alert, string status, string dashboard, string runbooks)
    {
        const string Tenant = "Instance {{ $labels.instance_id }} (project {{ or $labels.project_name \"unknown\" }}, organization {{ or $labels.org_name \"unknown\" }})";
        var budgetLeft = $"{{{{ with query (printf `{BudgetRemaining}{{instance_id=%q}}` $labels.instance_id) }}}}{{{{ . | first | value | humanizePercentage }}}}{{{{ else }}}}unknown{{{{ end }}}}";
        var rate = alert.BurnRate.ToString("0.###", CultureInfo.InvariantCulture);
        var spent = (alert.BudgetSpent * 100).ToString("0.###", CultureInfo.InvariantCulture);
        var (longWindow, shortWindow) = (Suffix(alert.LongWindow), Suffix(alert.ShortWindow));
        var what = alert.Severity == Severity.Critical ? "page" : "ticket";
        return new AlertingRule
        {
            Alert = alert.Name,
            Expr = Tenants(Condition(alert)),
            Labels = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["severity"] = alert.Severity },
            Annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["summary"] = $"Instance {{{{ $labels.instance_id }}}} burns its error budget {{{{ $value | printf \"%.1f\" }}}}x too fast ({longWindow})",
                ["description"] = $"{Tenant}: over the last {longWindow} it was unavailable {{{{ $value | printf \"%.1f\" }}}} times the rate its objective of {{{{ $labels.objective }}}}% allows"
                    + $" (this {what} fires above {rate}x: {spent}% of the 30-day budget in {longWindow}), and still is over the last {shortWindow}. Budget left over 30 days: {budgetLeft}.",
                ["budget_left"] = budgetLeft,
                ["status_page"] = status,
                ["dashboard"] = dashboard,
                ["runbook_url"] = runbooks + "#" + Runbook.Anchor(alert.Name),
            },
        };
    }

    /// <summary>A window as a rule-name suffix: <c>5m</c>, <c>1h</c>, <c>3d</c>.</summary>
    public static string Suffix(TimeSpan window) =>
        window.TotalDays >= 1 && window.TotalDays == Math.Floor(window.TotalDays)
            ? ((int)window.TotalDays).ToString(CultureInfo.InvariantCulture) + "d"
            : PrometheusDuration.Format(window);
}
