namespace Supawatch.Alerting;

/// <summary>Values of the <c>severity</c> label; routing in alertmanager.yml keys on them.</summary>
public static class Severity
{
    /// <summary>Every configured channel.</summary>
    public const string Critical = "critical";

    /// <summary>The chat channels: Slack, Discord, webhooks.</summary>
    public const string Warning = "warning";

    /// <summary>Never notified (the Watchdog).</summary>
    public const string None = "none";
}
