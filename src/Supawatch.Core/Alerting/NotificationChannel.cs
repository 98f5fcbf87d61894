namespace Supawatch.Alerting;

/// <summary>The seed's four notification channels, each enabled by its environment variable.</summary>
public enum NotificationChannel
{
    /// <summary><c>SLACK_WEBHOOK_URL</c>.</summary>
    Slack,

    /// <summary><c>DISCORD_WEBHOOK_URL</c>.</summary>
    Discord,

    /// <summary><c>ADMIN_EMAIL</c> through <c>SMTP_HOST</c> (with <c>SMTP_USER</c>/<c>SMTP_PASS</c>).</summary>
    Email,

    /// <summary><c>WEBHOOK_URL</c>, comma-separated for several.</summary>
    Webhook,
}
