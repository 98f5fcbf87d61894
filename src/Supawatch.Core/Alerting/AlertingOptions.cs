using Microsoft.Extensions.Configuration;

namespace Supawatch.Alerting;

/// <summary>
/// Notification channels, links and Alertmanager timings. Section <c>Alerting</c>; the seed's variables map
/// onto it in <see cref="Configuration.SeedVariables"/>. Webhook URLs and the SMTP password are secrets.
/// </summary>
public sealed class AlertingOptions
{
    public const string Section = "Alerting";

    /// <summary>The <c>Alerting</c> section, bound here and nowhere else (source-generated); the defaults when it is absent.</summary>
    public static AlertingOptions From(IConfiguration configuration) => configuration.GetSection(Section).Get<AlertingOptions>() ?? new();

    public const string DefaultAlertmanagerUrl = "http://localhost:9093";

    /// <summary><c>ALERTMANAGER_URL</c>: where <c>notify test</c> posts and <c>serve</c> keeps the maintenance silences.</summary>
    public string AlertmanagerUrl { get; set; } = DefaultAlertmanagerUrl;

    /// <summary><see cref="AlertmanagerUrl"/> as an address; an empty <c>ALERTMANAGER_URL</c> means the default.</summary>
    public Uri AlertmanagerUri =>
        Uri.TryCreate(string.IsNullOrWhiteSpace(AlertmanagerUrl) ? DefaultAlertmanagerUrl : AlertmanagerUrl, UriKind.Absolute, out var uri)
            ? uri
            : new Uri(DefaultAlertmanagerUrl);

    public string? SlackWebhookUrl { get; set; }
    public string? DiscordWebhookUrl { get; set; }

    /// <summary><c>ADMIN_EMAIL</c>: one address or several, comma-separated.</summary>
    public string? AdminEmail { get; set; }

    /// <summary><c>SMTP_HOST</c>: <c>host:port</c>.</summary>
    public string? SmtpHost { get; set; }
    public string? SmtpUser { get; set; }
    public string? SmtpPass { get; set; }

    /// <summary><c>SMTP_FROM</c>; defaults to <c>SMTP_USER</c> when it is an address, else the first admin address.</summary>
    public string? SmtpFrom { get; set; }

    /// <summary><c>SMTP_REQUIRE_TLS</c>: STARTTLS required (the default); false only for a local relay.</summary>
    public bool SmtpRequireTls { get; set; } = true;

    /// <summary><c>WEBHOOK_URL</c>: comma-separated.</summary>
    public string? WebhookUrls { get; set; }

    /// <summary><c>Alerting:OrgWebhooks:&lt;org_id&gt;</c> = URL: that organization's alerts also go to its own webhook.</summary>
    public Dictionary<string, string> OrgWebhooks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Links when nothing says otherwise: the contract's default ports on this machine.</summary>
    public const string DefaultStatusPageUrl = "http://localhost:8080/status";
    public const string DefaultGrafanaUrl = "http://localhost:3001";

    /// <summary>
    /// <c>SUPAWATCH_STATUS_PAGE_URL</c>: the status page linked from every alert. Unset: <c>stack setup</c> links the
    /// stack's own (its bind address and <c>--status-port</c>), <c>config render</c> <see cref="DefaultStatusPageUrl"/>.
    /// </summary>
    public string? StatusPageUrl { get; set; }

    /// <summary><c>GRAFANA_URL</c>: dashboards linked from every alert; unset, as <see cref="StatusPageUrl"/>.</summary>
    public string? GrafanaUrl { get; set; }

    /// <summary>Where every alert's <c>runbook_url</c> points when nothing says otherwise: the runbooks page of these docs.</summary>
    public const string DefaultRunbookUrl = "docs/runbooks.md";

    /// <summary>
    /// <c>SUPAWATCH_RUNBOOK_URL</c>: the address of docs/runbooks.md where your people read it (a wiki, an internal Git
    /// host); each alert links <c>&lt;this&gt;#&lt;alert name in lower case&gt;</c>. Unset: <see cref="DefaultRunbookUrl"/>.
    /// </summary>
    public string? RunbookUrl { get; set; }

    /// <summary>
    /// <c>PROMETHEUS_EXTERNAL_URL</c>: the address people reach Prometheus on (its <c>--web.external-url</c>, so each
    /// alert's "source" link works). Unset: the stack's bind address and <c>--prometheus-port</c>.
    /// </summary>
    public string? PrometheusExternalUrl { get; set; }

    /// <summary><c>ALERTMANAGER_EXTERNAL_URL</c>: Alertmanager's <c>--web.external-url</c> (the notifications' silence links); unset, as above.</summary>
    public string? AlertmanagerExternalUrl { get; set; }

    /// <summary>
    /// <c>SUPAWATCH_HEARTBEAT_URL</c>: a dead man's switch (healthchecks.io-style) that the always-firing Watchdog alert is
    /// posted to every minute; when the posts stop, that service pages. A secret, like the webhook URLs. Unset: Watchdog goes nowhere.
    /// </summary>
    public string? HeartbeatUrl { get; set; }

    /// <summary>
    /// <c>SUPAWATCH_ALERT_GROUP_WAIT</c>: how long Alertmanager holds a new group before its first notification, so
    /// alerts of one event (and the host alert that inhibits them) arrive together.
    /// </summary>
    public TimeSpan GroupWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary><c>SUPAWATCH_ALERT_GROUP_INTERVAL</c>: the least time between two notifications of one group that changed.</summary>
    public TimeSpan GroupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>SUPAWATCH_ALERT_REPEAT_INTERVAL</c>: a group still firing and unchanged is notified again after this.</summary>
    public TimeSpan RepeatInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// <c>SUPAWATCH_SLO_ALERTS</c>: render the error-budget burn-rate alerts (docs/slo.md). On by default: they wait
    /// until their long window holds data and stand aside for the tenant's own down alerts, so one outage pages once;
    /// <c>false</c> leaves only the recording rules.
    /// </summary>
    public bool SloAlerts { get; set; } = true;

    /// <summary><c>SUPAWATCH_ALERT_DB_CONNECTIONS_PERCENT</c>: SupabaseDatabaseConnectionsHigh above this percent of the usable connections.</summary>
    public double DbConnectionsPercent { get; set; } = 90;

    /// <summary><c>SUPAWATCH_ALERT_DB_TRANSACTION_AGE</c>: SupabaseDatabaseLongTransaction when a transaction has been open longer.</summary>
    public TimeSpan DbTransactionAge { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary><c>SUPAWATCH_ALERT_DB_WRAPAROUND_AGE</c>: SupabaseDatabaseWraparound above this <c>age(datfrozenxid)</c>.</summary>
    public long DbWraparoundAge { get; set; } = 1_000_000_000;

    /// <summary><c>SUPAWATCH_ALERT_DB_DEADLOCKS</c>: SupabaseDatabaseDeadlocks when more deadlocks than this happen in 15 minutes.</summary>
    public long DbDeadlocks { get; set; }

    /// <summary><c>SUPAWATCH_ALERT_DB_GROWTH_BYTES</c>: SupabaseDatabaseGrowingFast when the database grew more than this in an hour.</summary>
    public long DbGrowthBytesPerHour { get; set; } = 1L << 30;

    /// <summary><c>SUPAWATCH_ALERT_API_5XX_PERCENT</c>: SupabaseApiHighErrorRate above this percent of a tenant's requests through Kong answered 5xx.</summary>
    public double ApiErrorPercent { get; set; } = 5;

    /// <summary><c>SUPAWATCH_ALERT_API_LATENCY_MS</c>: SupabaseApiHighLatency when the p95 of request time through a tenant's Kong is above this, in milliseconds.</summary>
    public long ApiLatencyMs { get; set; } = 2000;

    public IReadOnlyList<string> WebhookUrlList => Split(WebhookUrls);

    /// <summary>A copy with these links (the stack's resolved external URLs); everything else is shared.</summary>
    public AlertingOptions WithLinks(string prometheus, string alertmanager, string grafana, string statusPage)
    {
        var copy = (AlertingOptions)MemberwiseClone();
        copy.PrometheusExternalUrl = prometheus;
        copy.AlertmanagerExternalUrl = alertmanager;
        copy.GrafanaUrl = grafana;
        copy.StatusPageUrl = statusPage;
        return copy;
    }

    public IReadOnlyList<string> AdminEmailList => Split(AdminEmail);

    /// <summary>The channels whose variables are set, in the seed's order.</summary>
    public IReadOnlyList<NotificationChannel> Channels
    {
        get
        {
            var channels = new List<NotificationChannel>();
            if (!string.IsNullOrWhiteSpace(SlackWebhookUrl))
            {
                channels.Add(NotificationChannel.Slack);
            }

            if (!string.IsNullOrWhiteSpace(DiscordWebhookUrl))
            {
                channels.Add(NotificationChannel.Discord);
            }

            if (AdminEmailList.Count > 0 && !string.IsNullOrWhiteSpace(SmtpHost))
            {
                channels.Add(NotificationChannel.Email);
            }

            if (WebhookUrlList.Count > 0)
            {
                channels.Add(NotificationChannel.Webhook);
            }

            return channels;
        }
    }

    public string? EffectiveSmtpFrom =>
        !string.IsNullOrWhiteSpace(SmtpFrom) ? SmtpFrom.Trim()
        : SmtpUser?.Contains('@', StringComparison.Ordinal) == true ? SmtpUser.Trim()
        : AdminEmailList.Count > 0 ? AdminEmailList[0] : null;

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
