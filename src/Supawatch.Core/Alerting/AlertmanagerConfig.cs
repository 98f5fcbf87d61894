namespace Supawatch.Alerting;

/// <summary>
/// alerts/alertmanager.yml from <see cref="AlertingOptions"/>: critical alerts to every configured channel,
/// warnings to the chat channels (Slack, Discord, webhooks), grouped by alert and instance; a host outage is grouped by
/// host and silences the per-instance alerts of that host; an instance that is down silences its own Kong and Studio
/// alerts; an organization with its own webhook also gets its alerts there.
/// With no channel configured the file is still valid: everything goes to the <c>null</c> receiver.
/// </summary>
public static class AlertmanagerConfig
{
    public const string FileName = "alertmanager.yml";
    public const string NullReceiver = "null";
    public const string CriticalReceiver = "critical";
    public const string WarningReceiver = "warning";
    public const string HeartbeatReceiver = "heartbeat";

    /// <summary>How often the Watchdog reaches the heartbeat URL: well inside a dead man's switch's usual period.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMinutes(1);

    /// <summary>The label <c>notify test --channel</c> sets to reach one channel only.</summary>
    public const string TestChannelLabel = "supawatch_test_channel";

    /// <summary>How host outages are grouped: one notification per Docker host.</summary>
    public static IReadOnlyList<string> HostGroupBy { get; } = ["alertname", "host"];

    /// <summary>
    /// What a firing host outage inhibits on its host: the tenant alerts, and the scrape and discovery failures that are
    /// the same event seen from Prometheus and from Supawatch.
    /// </summary>
    public static IReadOnlyList<string> HostOutageTargets { get; } =
        [.. AlertNames.TenantAlerts, AlertNames.TargetDown, AlertNames.SourceDown];

    public static AlertmanagerFile Build(AlertingOptions options)
    {
        var channels = options.Channels;
        var critical = Receiver(CriticalReceiver, options, channels);
        var warning = Receiver(WarningReceiver, options, channels.Where(c => c != NotificationChannel.Email));
        var receivers = new List<AlertmanagerReceiver> { new() { Name = NullReceiver } };
        var routes = new List<AlertmanagerRoute>();

        foreach (var channel in channels)
        {
            var name = "test-" + Name(channel);
            receivers.Add(Receiver(name, options, [channel]));
            routes.Add(new() { Receiver = name, Matchers = [Matcher.Equal(TestChannelLabel, Name(channel))] });
        }

        if (!string.IsNullOrWhiteSpace(options.HeartbeatUrl))
        {
            // The dead man's switch: Watchdog every minute, never "resolved" (it only stops when the pipeline breaks).
            receivers.Add(new() { Name = HeartbeatReceiver, WebhookConfigs = [new() { Url = options.HeartbeatUrl.Trim(), SendResolved = false }] });
            routes.Add(new()
            {
                Receiver = HeartbeatReceiver,
                Matchers = [Matcher.Equal("alertname", AlertNames.Watchdog)],
                GroupWait = TimeSpan.Zero,
                GroupInterval = HeartbeatInterval,
                RepeatInterval = HeartbeatInterval,
            });
        }

        routes.Add(new() { Receiver = NullReceiver, Matchers = [Matcher.Equal("severity", Severity.None)] });
        foreach (var (orgId, url) in options.OrgWebhooks.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var name = "org-" + orgId;
            receivers.Add(new() { Name = name, WebhookConfigs = [new() { Url = url }] });
            routes.Add(new() { Receiver = name, Matchers = [Matcher.Equal("org_id", orgId)], Continue = true });
        }

        foreach (var receiver in new[] { critical, warning }.Where(r => !r.IsNull))
        {
            receivers.Add(receiver);
        }

        // A host outage is one page per host, whatever else fires: its own group, so it is never merged with (or held
        // back by) the tenant groups; every channel hears it and its recovery.
        routes.Add(new() { Receiver = Or(critical), Matchers = [Matcher.Equal("alertname", AlertNames.HostOutage)], GroupBy = HostGroupBy });
        routes.Add(new() { Receiver = Or(critical), Matchers = [Matcher.Equal("severity", Severity.Critical)] });
        routes.Add(new() { Receiver = Or(warning), Matchers = [Matcher.Equal("severity", Severity.Warning)] });

        return new AlertmanagerFile
        {
            Route = new()
            {
                // An alert of a user's rule without a known severity goes where warnings go.
                Receiver = Or(warning),
                GroupBy = ["alertname", "instance_id"],
                GroupWait = options.GroupWait,
                GroupInterval = options.GroupInterval,
                RepeatInterval = options.RepeatInterval,
                Routes = routes,
            },
            Receivers = receivers,
            InhibitRules =
            [
                new()
                {
                    // The per-instance pages of a host in an outage; also those that were firing before it began.
                    // Never for an empty host: equal: [host] would then match every alert without the label.
                    SourceMatchers = [Matcher.Equal("alertname", AlertNames.HostOutage), Matcher.Regex("host", ".+")],
                    TargetMatchers = [Matcher.Regex("alertname", string.Join('|', HostOutageTargets))],
                    Equal = ["host"],
                },
                new()
                {
                    // A tenant that is down is one page: not again for its Kong, its Studio, its database or its metrics target.
                    SourceMatchers = [Matcher.Equal("alertname", AlertNames.InstanceDown)],
                    TargetMatchers = [Matcher.Regex("alertname",
                        $"{AlertNames.KongDown}|{AlertNames.StudioDown}|{AlertNames.DatabaseDown}|{AlertNames.TargetDown}")],
                    Equal = ["instance_id"],
                },
                new()
                {
                    SourceMatchers = [Matcher.Equal("alertname", AlertNames.CriticalMemoryUsage)],
                    TargetMatchers = [Matcher.Equal("alertname", AlertNames.HighMemoryUsage)],
                    Equal = ["instance"],
                },
                new()
                {
                    SourceMatchers = [Matcher.Equal("alertname", AlertNames.CriticalDiskSpace)],
                    TargetMatchers = [Matcher.Equal("alertname", AlertNames.LowDiskSpace)],
                    Equal = ["instance", "device", "mountpoint"],
                },
            ],
        };
    }

    /// <summary>What an operator should know about the rendered file (never a secret).</summary>
    public static IReadOnlyList<string> Warnings(AlertingOptions options)
    {
        var warnings = new List<string>();
        if (options.Channels.Count == 0 && options.OrgWebhooks.Count == 0)
        {
            warnings.Add("no notification channel is configured: alerts fire but nobody is told. Set SLACK_WEBHOOK_URL, " +
                         "DISCORD_WEBHOOK_URL, WEBHOOK_URL, or ADMIN_EMAIL with SMTP_HOST.");
        }
        else if (!options.Channels.Any(c => c != NotificationChannel.Email))
        {
            warnings.Add("only e-mail is configured: warnings go to the chat channels (SLACK_WEBHOOK_URL, DISCORD_WEBHOOK_URL, " +
                         "WEBHOOK_URL), so only critical alerts are delivered.");
        }

        return warnings;
    }

    public static string Render(AlertmanagerFile file) =>
        AlertingYaml.Render(file, "Generated by `supawatch config render` from the environment: edits are overwritten.\nHolds secrets (webhook URLs, SMTP password): readable by its owner only. See docs/alerting.md.");

    public static string Name(NotificationChannel channel) => channel switch
    {
        NotificationChannel.Slack => "slack",
        NotificationChannel.Discord => "discord",
        NotificationChannel.Email => "email",
        _ => "webhook",
    };

    private static string Or(AlertmanagerReceiver receiver) => receiver.IsNull ? NullReceiver : receiver.Name;

    private static AlertmanagerReceiver Receiver(string name, AlertingOptions options, IEnumerable<NotificationChannel> channels)
    {
        var set = channels.ToHashSet();
        return new()
        {
            Name = name,
            SlackConfigs = set.Contains(NotificationChannel.Slack)
                ? [new() { ApiUrl = options.SlackWebhookUrl!.Trim(), Title = NotificationTemplates.Title, Text = NotificationTemplates.SlackText, Color = NotificationTemplates.SlackColor }]
                : [],
            DiscordConfigs = set.Contains(NotificationChannel.Discord)
                ? [new() { WebhookUrl = options.DiscordWebhookUrl!.Trim(), Title = NotificationTemplates.Title, Message = NotificationTemplates.DiscordMessage }]
                : [],
            EmailConfigs = set.Contains(NotificationChannel.Email) ? [Email(options)] : [],
            WebhookConfigs = set.Contains(NotificationChannel.Webhook)
                ? options.WebhookUrlList.Select(url => new WebhookConfig { Url = url }).ToList()
                : [],
        };
    }

    private static EmailConfig Email(AlertingOptions options) => new()
    {
        // Alertmanager expands `to` and `from` as templates: addresses go in as literals.
        To = GoTemplate.Literal(string.Join(", ", options.AdminEmailList)),
        From = GoTemplate.Literal(options.EffectiveSmtpFrom ?? "supawatch@localhost"),
        Smarthost = options.SmtpHost!.Trim(),
        AuthUsername = string.IsNullOrWhiteSpace(options.SmtpUser) ? null : options.SmtpUser.Trim(),
        AuthPassword = string.IsNullOrEmpty(options.SmtpPass) ? null : options.SmtpPass,
        RequireTls = options.SmtpRequireTls,
        Headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["Subject"] = NotificationTemplates.EmailSubject },
    };
}
