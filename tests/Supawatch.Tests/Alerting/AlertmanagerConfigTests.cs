using Supawatch.Alerting;

namespace Supawatch.Tests.Alerting;

/// <summary>alertmanager.yml from the environment: channels, routes, inhibition, org webhooks, secrets.</summary>
public sealed class AlertmanagerConfigTests
{
    private const string Slack = "https://hooks.slack.example/services/T0/B0/slack-secret";
    private const string Discord = "https://discord.example/api/webhooks/1/discord-secret";
    private const string Hook1 = "https://hooks.example/one-secret";
    private const string Hook2 = "https://hooks.example/two-secret";

    public static AlertingOptions All() => new()
    {
        SlackWebhookUrl = Slack,
        DiscordWebhookUrl = Discord,
        AdminEmail = "ops@example.com, oncall@example.com",
        SmtpHost = "smtp.example.com:587",
        SmtpUser = "alerts@example.com",
        SmtpPass = "smtp-secret",
        WebhookUrls = $"{Hook1}, {Hook2}",
    };

    [Fact]
    public void Build_NoChannel_IsAValidNullRoute_WithAWarning()
    {
        var file = AlertmanagerConfig.Build(new AlertingOptions());

        var receiver = Assert.Single(file.Receivers);
        Assert.Equal("null", receiver.Name);
        Assert.True(receiver.IsNull);
        Assert.Equal("null", file.Route.Receiver);
        Assert.All(file.Route.Routes, r => Assert.Equal("null", r.Receiver));
        Assert.Contains("no notification channel is configured", Assert.Single(AlertmanagerConfig.Warnings(new AlertingOptions())), StringComparison.Ordinal);
        Approval.Verify("alertmanager.none.yml", AlertmanagerConfig.Render(file));
    }

    [Fact]
    public void Build_AllChannels_CriticalToEveryChannel_WarningToChatOnly()
    {
        var file = AlertmanagerConfig.Build(All());

        var critical = file.Receivers.Single(r => r.Name == "critical");
        var warning = file.Receivers.Single(r => r.Name == "warning");
        Assert.Equal((1, 1, 1, 2), (critical.SlackConfigs.Count, critical.DiscordConfigs.Count, critical.EmailConfigs.Count, critical.WebhookConfigs.Count));
        Assert.Equal((1, 1, 0, 2), (warning.SlackConfigs.Count, warning.DiscordConfigs.Count, warning.EmailConfigs.Count, warning.WebhookConfigs.Count));
        Assert.Equal("critical", Route(file, "severity=\"critical\"").Receiver);
        Assert.Equal("warning", Route(file, "severity=\"warning\"").Receiver);
        Assert.Equal("null", Route(file, "severity=\"none\"").Receiver);
        Assert.Equal(["alertname", "instance_id"], file.Route.GroupBy);
        Assert.Equal("ops@example.com, oncall@example.com", critical.EmailConfigs[0].To);
        Assert.Equal("alerts@example.com", critical.EmailConfigs[0].From);
        Assert.Empty(AlertmanagerConfig.Warnings(All()));
        Approval.Verify("alertmanager.all.yml", AlertmanagerConfig.Render(file));
    }

    [Fact]
    public void Build_EmailOnly_WarningsGoNowhere_AndSaySo()
    {
        var options = new AlertingOptions { AdminEmail = "ops@example.com", SmtpHost = "smtp.example.com:25" };

        var file = AlertmanagerConfig.Build(options);

        Assert.Equal("critical", Route(file, "severity=\"critical\"").Receiver);
        Assert.Equal("null", Route(file, "severity=\"warning\"").Receiver);
        Assert.Contains("only critical alerts", Assert.Single(AlertmanagerConfig.Warnings(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_HeartbeatUrl_WatchdogGoesThereEveryMinute_NeverResolved_AndNowhereElse()
    {
        const string Heartbeat = "https://hc-ping.example/heartbeat-secret";
        var options = All();
        options.HeartbeatUrl = Heartbeat;

        var file = AlertmanagerConfig.Build(options);

        var receiver = file.Receivers.Single(r => r.Name == AlertmanagerConfig.HeartbeatReceiver);
        var hook = Assert.Single(receiver.WebhookConfigs);
        Assert.Equal(Heartbeat, hook.Url);
        Assert.False(hook.SendResolved);
        var watchdog = new Dictionary<string, string> { ["alertname"] = AlertNames.Watchdog, ["severity"] = Severity.None };
        var route = file.Route.Routes.First(r => Matches(r, watchdog));
        Assert.Equal(AlertmanagerConfig.HeartbeatReceiver, route.Receiver);
        Assert.NotEqual(true, route.Continue);
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)), (route.GroupWait, route.GroupInterval, route.RepeatInterval));
        Assert.Contains(Heartbeat, AlertingFiles.Secrets(options));

        // Without it, Watchdog reaches no one (the first route it matches is the null one).
        var without = AlertmanagerConfig.Build(All());
        Assert.Equal(AlertmanagerConfig.NullReceiver, without.Route.Routes.First(r => Matches(r, watchdog)).Receiver);
        Assert.DoesNotContain(without.Receivers, r => r.Name == AlertmanagerConfig.HeartbeatReceiver);
    }

    /// <summary>Whether an alert with <paramref name="labels"/> matches every matcher of <paramref name="route"/>, as Alertmanager reads them.</summary>
    private static bool Matches(AlertmanagerRoute route, Dictionary<string, string> labels) =>
        route.Matchers.SelectMany(AlertmanagerMatchers.Parse).All(m => m.Op switch
        {
            "=" => labels.GetValueOrDefault(m.Name, "") == m.Value,
            "!=" => labels.GetValueOrDefault(m.Name, "") != m.Value,
            "=~" => System.Text.RegularExpressions.Regex.IsMatch(labels.GetValueOrDefault(m.Name, ""), $"^(?:{m.Value})$"),
            _ => !System.Text.RegularExpressions.Regex.IsMatch(labels.GetValueOrDefault(m.Name, ""), $"^(?:{m.Value})$"),
        });

    [Fact]
    public void Build_InstanceDown_InhibitsKongStudioAndMetricsTargetOfTheSameInstance()
    {
        var rule = AlertmanagerConfig.Build(All()).InhibitRules.Single(r => r.SourceMatchers.Contains("alertname=\"SupabaseInstanceDown\""));

        Assert.Equal(["alertname=~\"SupabaseKongDown|SupabaseStudioDown|SupabaseDatabaseDown|TargetDown\""], rule.TargetMatchers);
        Assert.Equal(["instance_id"], rule.Equal);
    }

    [Fact]
    public void Build_HostOutage_InhibitsThePerInstanceAlertsOfTheSameHost()
    {
        var rule = AlertmanagerConfig.Build(All()).InhibitRules.Single(r => r.SourceMatchers.Contains("alertname=\"SupabaseHostOutage\""));

        Assert.Equal(["alertname=~\"SupabaseInstanceDown|SupabaseKongDown|SupabaseStudioDown|ContainerRestartingFrequently|SupabaseDatabaseDown|SupabaseDatabaseConnectionsHigh|SupabaseDatabaseLongTransaction|SupabaseDatabaseWraparound|SupabaseDatabaseDeadlocks|SupabaseDatabaseGrowingFast|SupabaseErrorBudgetFastBurn|SupabaseErrorBudgetSlowBurn|SupabaseErrorBudgetLeak|SupabaseApiServiceDown|SupabaseApiHighErrorRate|SupabaseApiHighLatency|TargetDown|SupawatchSourceDown\""], rule.TargetMatchers);
        Assert.Equal(["host"], rule.Equal);
        Assert.Contains("host=~\".+\"", rule.SourceMatchers);
    }

    [Fact]
    public void Build_HostOutage_OneGroupPerHost_ToEveryChannel_BeforeTheSeverityRoutes()
    {
        var options = All();
        options.OrgWebhooks["o1"] = "https://acme.example/alerts";

        var file = AlertmanagerConfig.Build(options);

        var route = Route(file, "alertname=\"SupabaseHostOutage\"");
        var routes = file.Route.Routes.ToList();
        Assert.Equal("critical", route.Receiver);
        Assert.Equal(["alertname", "host"], route.GroupBy);
        Assert.Null(route.Continue);
        Assert.True(routes.IndexOf(route) < routes.IndexOf(Route(file, "severity=\"critical\"")));
        Assert.True(routes.IndexOf(route) > routes.IndexOf(Route(file, "org_id=\"o1\"")));
        var critical = file.Receivers.Single(r => r.Name == "critical");
        Assert.All(critical.SlackConfigs, c => Assert.True(c.SendResolved));
        Assert.All(critical.DiscordConfigs, c => Assert.True(c.SendResolved));
        Assert.All(critical.EmailConfigs, c => Assert.True(c.SendResolved));
        Assert.All(critical.WebhookConfigs, c => Assert.True(c.SendResolved));
    }

    [Fact]
    public void Build_Timings_ComeFromTheOptions()
    {
        var options = new AlertingOptions { GroupWait = TimeSpan.FromSeconds(2), GroupInterval = TimeSpan.FromSeconds(10), RepeatInterval = TimeSpan.FromMinutes(30) };

        var yaml = AlertmanagerConfig.Render(AlertmanagerConfig.Build(options));

        Assert.Contains("group_wait: 2s\n", yaml, StringComparison.Ordinal);
        Assert.Contains("group_interval: 10s\n", yaml, StringComparison.Ordinal);
        Assert.Contains("repeat_interval: 30m\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OrgWebhook_RoutesThatOrgsAlertsThere_AndKeepsGoing()
    {
        var options = All();
        options.OrgWebhooks["o1"] = "https://acme.example/alerts";

        var file = AlertmanagerConfig.Build(options);

        var route = Route(file, "org_id=\"o1\"");
        Assert.Equal("org-o1", route.Receiver);
        Assert.True(route.Continue);
        Assert.True(file.Route.Routes.ToList().IndexOf(route) < file.Route.Routes.ToList().IndexOf(Route(file, "severity=\"critical\"")));
        Assert.Equal("https://acme.example/alerts", file.Receivers.Single(r => r.Name == "org-o1").WebhookConfigs.Single().Url);
    }

    [Fact]
    public void Build_EachChannel_HasATestRoute()
    {
        var file = AlertmanagerConfig.Build(All());

        foreach (var channel in new[] { "slack", "discord", "email", "webhook" })
        {
            Assert.Equal("test-" + channel, Route(file, $"supawatch_test_channel=\"{channel}\"").Receiver);
        }
    }

    [Fact]
    public void ChannelConfigs_ToString_NeverShowsTheSecret()
    {
        var critical = AlertmanagerConfig.Build(All()).Receivers.Single(r => r.Name == "critical");

        var text = string.Join(" ", critical.SlackConfigs.Concat<object>(critical.DiscordConfigs).Concat(critical.EmailConfigs).Concat(critical.WebhookConfigs));

        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
    }

    private static AlertmanagerRoute Route(AlertmanagerFile file, string matcher) =>
        file.Route.Routes.Single(r => r.Matchers.Contains(matcher));
}
