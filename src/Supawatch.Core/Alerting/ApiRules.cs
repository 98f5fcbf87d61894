using static Supawatch.Alerting.AlertSignals;

namespace Supawatch.Alerting;

/// <summary>
/// The <c>supabase-api</c> rule group: a Supabase service failing behind a tenant's Kong (the API checks,
/// <c>SUPAWATCH_API_CHECKS</c>), and Kong's own request metrics where its Prometheus plugin is scraped
/// (<c>SUPAWATCH_KONG_METRICS_PORT</c>, opt-in). Recording rules turn Kong 2.x names (<c>kong_http_status</c>,
/// <c>kong_latency</c>) and 3.x names (<c>kong_http_requests_total</c>, <c>kong_request_latency_ms</c>) into one
/// per-instance series each, which the alerts and the dashboards read. Without Kong metrics the Kong alerts
/// have nothing to evaluate and never fire; see docs/health.md (API depth).
/// </summary>
internal static class ApiRules
{
    /// <summary>Requests a second through the tenant's Kong, over 5 minutes.</summary>
    public const string RequestRate = "instance_id:kong_http_requests:rate5m";

    /// <summary>Requests a second answered 5xx, over 5 minutes (0 while Kong serves requests without errors).</summary>
    public const string ErrorRate = "instance_id:kong_http_requests_5xx:rate5m";

    /// <summary>The share of requests answered 5xx, over 5 minutes.</summary>
    public const string ErrorRatio = "instance_id:kong_http_requests_5xx:ratio_rate5m";

    /// <summary>The recorded request latency quantile (total time through Kong, milliseconds) for 50, 95 or 99.</summary>
    public static string Latency(int percentile) => $"instance_id:kong_request_latency_ms:p{percentile}_5m";

    /// <summary>Below this many requests a second a ratio or a quantile says little: one error of two requests is no outage.</summary>
    public const double MinRequestRate = 0.1;

    /// <summary>
    /// A service behind Kong failing its API check (the component is the service: auth, rest, storage…), while Kong passes
    /// its own checks: when Kong fails, every route fails with it and <see cref="AlertNames.KongDown"/> is the one page.
    /// </summary>
    public const string ServiceDown =
        "min by (instance_id, component) (supabase_health_check_up{check=\"api\"}) == 0"
        + " unless on (instance_id) (min by (instance_id) (supabase_health_check_up{component=\"kong\"}) == 0)";

    /// <param name="options">The thresholds: <see cref="AlertingOptions.ApiErrorPercent"/> (5xx share) and <see cref="AlertingOptions.ApiLatencyMs"/> (p95).</param>
    public static RuleGroup Build(AlertingOptions options, AlertRules.RuleFactory rule, string tenant, string dashboard)
    {
        var ratio = (options.ApiErrorPercent / 100).ToString("0.#####", System.Globalization.CultureInfo.InvariantCulture);
        var minRate = MinRequestRate.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var percent = options.ApiErrorPercent.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        var latency = options.ApiLatencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var records = new List<RecordingRule>
        {
            // Kong 3.x first; a tenant's Kong runs one version, so at most one side of each `or` exists for it.
            new(RequestRate, "sum by (instance_id) (rate(kong_http_requests_total[5m])) or sum by (instance_id) (rate(kong_http_status[5m]))"),
            new(ErrorRate,
                "sum by (instance_id) (rate(kong_http_requests_total{code=~\"5..\"}[5m]))"
                + " or sum by (instance_id) (rate(kong_http_status{code=~\"5..\"}[5m]))"
                + $" or 0 * {RequestRate}"),
            new(ErrorRatio, $"{ErrorRate} / {RequestRate}"),
        };
        foreach (var percentile in (int[])[50, 95, 99])
        {
            var q = (percentile / 100.0).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
            records.Add(new(Latency(percentile),
                $"histogram_quantile({q}, sum by (instance_id, le) (rate(kong_request_latency_ms_bucket[5m]))"
                + " or sum by (instance_id, le) (rate(kong_latency_bucket{type=\"request\"}[5m])))"));
        }

        return new RuleGroup("supabase-api",
        [
            rule(AlertNames.ApiServiceDown, Severity.Warning, ForTenants(ServiceDown, AlertNames.ApiServiceDown), TimeSpan.FromMinutes(2),
                "{{ $labels.component }} of {{ $labels.instance_id }} fails through Kong",
                $"{tenant}: the {{{{ $labels.component }}}} service has failed its check through Kong for more than 2 minutes while Kong itself answers;"
                + " the status page and /status/api/status.json give the HTTP answer (a 401 means the anon key was rejected).", dashboard),
            rule(AlertNames.ApiHighErrorRate, Severity.Warning,
                ForTenants($"{ErrorRatio} > {ratio} and on (instance_id) {RequestRate} > {minRate}", AlertNames.ApiHighErrorRate), TimeSpan.FromMinutes(5),
                "{{ $value | humanizePercentage }} of the API requests of {{ $labels.instance_id }} fail with 5xx",
                $"{tenant}: more than {percent}% of the requests through its Kong have been answered 5xx for more than 5 minutes (Kong's request metrics).", dashboard),
            rule(AlertNames.ApiHighLatency, Severity.Warning,
                ForTenants($"{Latency(95)} > {latency} and on (instance_id) {RequestRate} > {minRate}", AlertNames.ApiHighLatency), TimeSpan.FromMinutes(10),
                "API of {{ $labels.instance_id }} answers slowly (p95 {{ $value | printf \"%.0f\" }} ms)",
                $"{tenant}: the 95th percentile of request time through its Kong has been above {latency} ms for more than 10 minutes (Kong's request metrics).", dashboard),
        ]) { Records = records };
    }
}
