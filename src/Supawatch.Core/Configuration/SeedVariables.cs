
namespace Supawatch.Configuration;

/// <summary>
/// The one place where the seed's environment variable names meet Supawatch's configuration keys.
/// A flag overrides the environment, which overrides the config file.
/// </summary>
public static class SeedVariables
{
    /// <summary>Environment variable → configuration key, and whether the value is a duration in seconds.</summary>
    public static IReadOnlyList<SeedVariable> All { get; } =
    [
        new("MASTER_DB_URL", "MasterDb:Url", IsSecret: true),
        new("MASTER_DB_QUERY", "MasterDb:Query"),
        new("DOCKER_HOST", "Discovery:DockerHost"),
        new("DOCKER_HOSTS", "Discovery:DockerHosts"),
        new("SUPAWATCH_SHARD", "Discovery:Shard"),
        new("DISCOVERY_INTERVAL", "Discovery:Interval", IsDuration: true),
        new("SUPAWATCH_DOCKER_TIMEOUT", "Discovery:DockerTimeout", IsDuration: true),
        new("SUPAWATCH_TARGET_HOST", "Discovery:TargetHost"),
        new("SUPAWATCH_KONG_METRICS_PORT", "Discovery:KongMetricsPort"),
        new("SUPAWATCH_COMPONENTS", "Discovery:Components"),
        new("SUPAWATCH_EXPECTED_COMPONENTS", "Discovery:ExpectedComponents"),
        new("SUPAWATCH_STATS_INTERVAL", "Metrics:StatsInterval", IsDuration: true),
        new("SUPAWATCH_STATS_SOURCE", "Metrics:StatsSource"),
        new("SUPAWATCH_CGROUP_ROOT", "Metrics:CgroupRoot"),
        new("SUPAWATCH_DB_USER", "TenantDb:User"),
        new("SUPAWATCH_DB_PASSWORD", "TenantDb:Password", IsSecret: true),
        new("SUPAWATCH_DB_NAME", "TenantDb:Database"),
        new("SUPAWATCH_DB_FROM_CONTAINER", "TenantDb:FromContainer"),
        new("SUPAWATCH_DB_INTERVAL", "TenantDb:Interval", IsDuration: true),
        new("SUPAWATCH_DB_TIMEOUT", "TenantDb:Timeout", IsDuration: true),
        new("SUPAWATCH_DB_CONCURRENCY", "TenantDb:Concurrency"),
        new("SCRAPE_INTERVAL", "Prometheus:ScrapeInterval", IsDuration: true),
        new("PROMETHEUS_URL", "Prometheus:Url"),
        new("HEALTH_CHECK_INTERVAL", "Health:Interval", IsDuration: true),
        new("SUPAWATCH_HEALTH_TIMEOUT", "Health:Timeout", IsDuration: true),
        new("SUPAWATCH_HEALTH_CONCURRENCY", "Health:Concurrency"),
        new("SUPAWATCH_HISTORY_PATH", "Health:HistoryPath"),
        new("SUPAWATCH_HISTORY_RETENTION", "Health:Retention", IsDuration: true),
        new("SUPAWATCH_STOPPED_STATES", "Health:StoppedStates"),
        new("SUPAWATCH_API_CHECKS", "Health:ApiChecks"),
        new("SUPAWATCH_API_CHECK_FAILURE", "Health:ApiCheckFailure"),
        new("SUPAWATCH_API_KEY_SOURCE", "Health:ApiKeySource"),
        new("SUPAWATCH_ANON_KEY_VARS", "Discovery:AnonKeyVariables"),
        new("SUPAWATCH_SLO_OBJECTIVE", "Slo:Objective"),
        new("SUPAWATCH_SLO_ALERTS", "Alerting:SloAlerts"),
        new("ALERTMANAGER_URL", "Alerting:AlertmanagerUrl"),
        new("SLACK_WEBHOOK_URL", "Alerting:SlackWebhookUrl", IsSecret: true),
        new("DISCORD_WEBHOOK_URL", "Alerting:DiscordWebhookUrl", IsSecret: true),
        new("ADMIN_EMAIL", "Alerting:AdminEmail"),
        new("SMTP_HOST", "Alerting:SmtpHost"),
        new("SMTP_USER", "Alerting:SmtpUser"),
        new("SMTP_PASS", "Alerting:SmtpPass", IsSecret: true),
        new("WEBHOOK_URL", "Alerting:WebhookUrls", IsSecret: true),
        new("SMTP_FROM", "Alerting:SmtpFrom"),
        new("SMTP_REQUIRE_TLS", "Alerting:SmtpRequireTls"),
        new("SUPAWATCH_STATUS_PAGE_URL", "Alerting:StatusPageUrl"),
        new("GRAFANA_URL", "Alerting:GrafanaUrl"),
        new("SUPAWATCH_RUNBOOK_URL", "Alerting:RunbookUrl"),
        new("PROMETHEUS_EXTERNAL_URL", "Alerting:PrometheusExternalUrl"),
        new("ALERTMANAGER_EXTERNAL_URL", "Alerting:AlertmanagerExternalUrl"),
        new("SUPAWATCH_HEARTBEAT_URL", "Alerting:HeartbeatUrl", IsSecret: true),
        new("SUPAWATCH_ALERT_GROUP_WAIT", "Alerting:GroupWait", IsDuration: true),
        new("SUPAWATCH_ALERT_GROUP_INTERVAL", "Alerting:GroupInterval", IsDuration: true),
        new("SUPAWATCH_ALERT_REPEAT_INTERVAL", "Alerting:RepeatInterval", IsDuration: true),
        new("SUPAWATCH_ALERT_DB_CONNECTIONS_PERCENT", "Alerting:DbConnectionsPercent"),
        new("SUPAWATCH_ALERT_DB_TRANSACTION_AGE", "Alerting:DbTransactionAge", IsDuration: true),
        new("SUPAWATCH_ALERT_DB_WRAPAROUND_AGE", "Alerting:DbWraparoundAge"),
        new("SUPAWATCH_ALERT_DB_DEADLOCKS", "Alerting:DbDeadlocks"),
        new("SUPAWATCH_ALERT_DB_GROWTH_BYTES", "Alerting:DbGrowthBytesPerHour"),
        new("SUPAWATCH_ALERT_API_5XX_PERCENT", "Alerting:ApiErrorPercent"),
        new("SUPAWATCH_ALERT_API_LATENCY_MS", "Alerting:ApiLatencyMs"),
        new("SUPAWATCH_DATA_DIR", "Storage:DataDir"),
        new("SUPAWATCH_LOG_DIR", "Storage:LogDir"),
        new("SUPAWATCH_LOG_FORMAT", LogSettings.FormatKey),
        new("SUPAWATCH_LOG_LEVEL", LogSettings.LevelKey),
        new("SUPAWATCH_STACK_DIR", "Stack:Dir"),
        new("SUPAWATCH_METRICS_LISTEN", "Server:MetricsListen"),
        new("SUPAWATCH_STATUS_LISTEN", "Server:StatusListen"),
        new("SUPAWATCH_STATUS_OVERVIEW", "StatusPage:Overview"),
        new("SUPAWATCH_STATUS_HIDE_IDS", "StatusPage:HideIds"),
        new("SUPAWATCH_STATUS_NOTICE", "StatusPage:Notice"),
        new("SUPAWATCH_AUTH_TOKEN", "Auth:Token", IsSecret: true),
        new("SUPAWATCH_AUTH_TOKEN_FILE", "Auth:TokenFile"),
        new("SUPAWATCH_AUTH_USER", "Auth:User"),
        new("SUPAWATCH_AUTH_PASSWORD", "Auth:Password", IsSecret: true),
        new("SUPAWATCH_AUTH_PASSWORD_FILE", "Auth:PasswordFile"),
        new("GRAFANA_ADMIN_PASSWORD", "Stack:GrafanaAdminPassword", IsSecret: true),
        new("SUPAWATCH_STACK_BIND", "Stack:Bind"),
        new("SUPAWATCH_IMAGE", "Stack:SupawatchImage"),
        new("SUPAWATCH_REMOTE_WRITE_URL", "Stack:RemoteWriteUrl"),
        new("SUPAWATCH_REMOTE_WRITE_KIND", "Stack:RemoteWriteKind"),
        new("SUPAWATCH_REMOTE_WRITE_TENANT", "Stack:RemoteWriteTenant"),
        new("SUPAWATCH_PROMETHEUS_CLUSTER", "Stack:PrometheusCluster"),
        new("SUPAWATCH_PROMETHEUS_REPLICA", "Stack:PrometheusReplica"),
        new("SUPAWATCH_SHARD_REPLICAS", "Stack:ShardReplicas"),
        new("SUPAWATCH_ALERTMANAGER_PEERS", "Stack:AlertmanagerPeers"),
        new("SUPAWATCH_ALERTMANAGER_CLUSTER_LISTEN", "Stack:AlertmanagerClusterListen"),
        new("SUPAWATCH_ALERTMANAGER_CLUSTER_ADVERTISE", "Stack:AlertmanagerClusterAdvertise"),
    ];

    /// <summary>The environment variable an operator sets for a configuration key, for error messages.</summary>
    public static string NameFor(string configKey) =>
        All.FirstOrDefault(v => string.Equals(v.ConfigKey, configKey, StringComparison.OrdinalIgnoreCase))?.Environment
        ?? configKey;

    /// <summary>Translates seed variables found in <paramref name="environment"/> into configuration pairs.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Translate(IReadOnlyDictionary<string, string> environment)
    {
        foreach (var variable in All)
        {
            if (environment.TryGetValue(variable.Environment, out var value) && !string.IsNullOrEmpty(value))
            {
                yield return new(variable.ConfigKey, variable.Normalize(value));
            }
        }
    }
}
