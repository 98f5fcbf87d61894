using System.Globalization;
using Microsoft.Extensions.Configuration;
using Supawatch.Common;

namespace Supawatch.Alerting;

/// <summary>
/// The notification channels' part of <see cref="Validation.ConfigurationValidator"/>: each error names the variable
/// (or configuration key) to fix and never repeats a secret value — webhook URLs are secrets.
/// </summary>
public static class AlertingOptionsValidator
{
    public static void Validate(IConfiguration configuration, List<string> errors)
    {
        CheckSecretUrl("SLACK_WEBHOOK_URL", configuration["Alerting:SlackWebhookUrl"], errors);
        CheckSecretUrl("DISCORD_WEBHOOK_URL", configuration["Alerting:DiscordWebhookUrl"], errors);
        CheckSecretUrl("SUPAWATCH_HEARTBEAT_URL", configuration["Alerting:HeartbeatUrl"], errors);
        CheckNumber(configuration, "Alerting:DbConnectionsPercent", "SUPAWATCH_ALERT_DB_CONNECTIONS_PERCENT", 1, 100, "a percent between 1 and 100, e.g. 90", errors);
        CheckNumber(configuration, "Alerting:DbWraparoundAge", "SUPAWATCH_ALERT_DB_WRAPAROUND_AGE", 1, 2_147_483_647, "a transaction count below 2147483648, e.g. 1000000000", errors);
        CheckNumber(configuration, "Alerting:DbDeadlocks", "SUPAWATCH_ALERT_DB_DEADLOCKS", 0, long.MaxValue, "a whole number of deadlocks in 15 minutes, e.g. 0", errors);
        CheckNumber(configuration, "Alerting:DbGrowthBytesPerHour", "SUPAWATCH_ALERT_DB_GROWTH_BYTES", 1, long.MaxValue, "bytes an hour, e.g. 1073741824", errors);
        CheckNumber(configuration, "Alerting:ApiErrorPercent", "SUPAWATCH_ALERT_API_5XX_PERCENT", 0.1, 100, "a percent between 0.1 and 100, e.g. 5", errors);
        CheckNumber(configuration, "Alerting:ApiLatencyMs", "SUPAWATCH_ALERT_API_LATENCY_MS", 1, 600_000, "whole milliseconds between 1 and 600000, e.g. 2000", errors);

        var webhooks = (configuration["Alerting:WebhookUrls"] ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (webhooks.Length > 1 || webhooks[0].Length > 0)
        {
            for (var i = 0; i < webhooks.Length; i++)
            {
                CheckSecretUrl(webhooks.Length == 1 ? "WEBHOOK_URL" : $"WEBHOOK_URL (entry {i + 1} of {webhooks.Length})", webhooks[i], errors, required: true);
            }
        }

        foreach (var org in configuration.GetSection("Alerting:OrgWebhooks").GetChildren())
        {
            CheckSecretUrl($"Alerting:OrgWebhooks:{SafeText.Printable(org.Key)}", org.Value, errors, required: true);
            if (org.Key.Any(c => c == '"' || char.IsControl(c)))
            {
                // Alertmanager splits a matcher list on commas outside quotes and counts an escaped quote as one,
                // so an id holding a quote could end its matcher early; control characters have no place in an id.
                errors.Add($"Alerting:OrgWebhooks:{SafeText.Printable(org.Key)}: an organization id may not contain a double quote or a control character");
            }
        }

        var smtpHost = configuration["Alerting:SmtpHost"];
        if (!string.IsNullOrWhiteSpace(smtpHost) && !IsHostPort(smtpHost.Trim()))
        {
            errors.Add($"SMTP_HOST: '{SafeText.Printable(smtpHost)}' needs a port; write host:port such as smtp.example.com:587");
        }

        var adminEmail = configuration["Alerting:AdminEmail"];
        var addresses = (adminEmail ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var address in addresses.Where(a => !IsEmail(a)))
        {
            errors.Add($"ADMIN_EMAIL: '{SafeText.Printable(address)}' is not an e-mail address (it needs a name, an @ and a domain)");
        }

        var from = configuration["Alerting:SmtpFrom"];
        if (!string.IsNullOrWhiteSpace(from) && !IsEmail(from.Trim()))
        {
            errors.Add($"SMTP_FROM: '{SafeText.Printable(from)}' is not an e-mail address (it needs a name, an @ and a domain)");
        }

        if (addresses.Length > 0 && string.IsNullOrWhiteSpace(smtpHost))
        {
            errors.Add("ADMIN_EMAIL is set but SMTP_HOST is not: e-mail needs an SMTP server (host:port)");
        }
        else if (addresses.Length == 0 && !string.IsNullOrWhiteSpace(smtpHost))
        {
            errors.Add("SMTP_HOST is set but ADMIN_EMAIL is not: say who receives alert e-mail");
        }

        // Checked here, not left to the binder: AlertingOptions.From would throw before the variable could be named.
        foreach (var (key, variable) in new[] { ("Alerting:SmtpRequireTls", "SMTP_REQUIRE_TLS"), ("Alerting:SloAlerts", "SUPAWATCH_SLO_ALERTS") })
        {
            var flag = configuration[key];
            if (flag is not null && !bool.TryParse(flag, out _))
            {
                errors.Add($"{variable}: '{SafeText.Printable(flag)}' is not true or false");
            }
        }

        CheckTimings(configuration, errors);

        foreach (var (key, variable) in new[]
        {
            ("Alerting:StatusPageUrl", "SUPAWATCH_STATUS_PAGE_URL"), ("Alerting:GrafanaUrl", "GRAFANA_URL"), ("Alerting:RunbookUrl", "SUPAWATCH_RUNBOOK_URL"),
            ("Alerting:PrometheusExternalUrl", "PROMETHEUS_EXTERNAL_URL"), ("Alerting:AlertmanagerExternalUrl", "ALERTMANAGER_EXTERNAL_URL"),
        })
        {
            var value = configuration[key];
            if (!string.IsNullOrWhiteSpace(value) && !IsHttpUrl(value))
            {
                errors.Add($"{variable}: '{SafeText.Printable(value)}' is not an http(s) URL");
            }
        }
    }

    /// <summary>
    /// The Alertmanager timings. Unreadable or non-positive values are named by <see cref="Validation.ConfigurationValidator"/>;
    /// here, what Alertmanager itself would refuse or quietly change: a duration it writes as zero, and a repeat
    /// interval shorter than the group interval (Alertmanager only repeats on a group interval's tick).
    /// </summary>
    private static void CheckTimings(IConfiguration configuration, List<string> errors)
    {
        var defaults = new AlertingOptions();
        var timings = new (string Key, string Variable, TimeSpan Default)[]
        {
            ("Alerting:GroupWait", "SUPAWATCH_ALERT_GROUP_WAIT", defaults.GroupWait),
            ("Alerting:GroupInterval", "SUPAWATCH_ALERT_GROUP_INTERVAL", defaults.GroupInterval),
            ("Alerting:RepeatInterval", "SUPAWATCH_ALERT_REPEAT_INTERVAL", defaults.RepeatInterval),
        };
        var values = new TimeSpan[timings.Length];
        for (var i = 0; i < timings.Length; i++)
        {
            var raw = configuration[timings[i].Key];
            if (raw is null)
            {
                values[i] = timings[i].Default;
                continue;
            }

            if (!TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out values[i]) || values[i] <= TimeSpan.Zero)
            {
                return;
            }

            if (values[i] < TimeSpan.FromMilliseconds(1) || values[i].Ticks % TimeSpan.TicksPerMillisecond != 0)
            {
                errors.Add($"{timings[i].Variable}: write whole milliseconds at least (e.g. 500ms, 30s, 5m)");
            }
        }

        if (values[2] < values[1])
        {
            errors.Add($"SUPAWATCH_ALERT_REPEAT_INTERVAL ({PrometheusDuration.Format(values[2])}) must not be shorter than SUPAWATCH_ALERT_GROUP_INTERVAL ({PrometheusDuration.Format(values[1])}): Alertmanager repeats a notification only on a group interval's tick");
        }
    }

    private static void CheckSecretUrl(string name, string? value, List<string> errors, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add($"{name}: empty; write a URL such as https://hooks.example.com/alerts (commas separate several)");
            }

            return;
        }

        if (!IsHttpUrl(value.Trim()))
        {
            // The value is a secret (it authorizes posting): describe the problem, never print it.
            errors.Add($"{name}: not a valid http(s) URL (value not shown: it is a secret); write it like https://hooks.example.com/services/…");
        }
    }

    // Whitespace and control characters are refused rather than escaped: Alertmanager's URL parser (Go's net/url)
    // rejects control characters and a '%' not followed by two hex digits, which .NET's Uri lets through, and a
    // line break in a URL is a pasting mistake, not part of the address.
    private static bool IsHttpUrl(string value) =>
        !value.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
        && HasValidPercentEscapes(value)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;

    private static bool HasValidPercentEscapes(string value)
    {
        for (var i = value.IndexOf('%', StringComparison.Ordinal); i >= 0; i = value.IndexOf('%', i + 1))
        {
            if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHostPort(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0
               && int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
               && port is > 0 and <= 65535
               && Uri.CheckHostName(value[..colon].Trim('[', ']')) != UriHostNameType.Unknown;
    }

    private static bool IsEmail(string value)
    {
        var at = value.LastIndexOf('@');
        return at > 0 && at < value.Length - 1 && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) && value.IndexOf('@', StringComparison.Ordinal) == at;
    }

    private static void CheckNumber(IConfiguration configuration, string key, string variable, double least, double most, string hint, List<string> errors)
    {
        var raw = configuration[key];
        if (raw is not null && (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < least || value > most
                                || (key is not ("Alerting:DbConnectionsPercent" or "Alerting:ApiErrorPercent") && value != Math.Floor(value))))
        {
            errors.Add($"{variable}: '{SafeText.Printable(raw)}' is not {hint}");
        }
    }
}
