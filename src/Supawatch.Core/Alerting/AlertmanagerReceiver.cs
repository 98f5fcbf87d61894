namespace Supawatch.Alerting;

/// <summary>A named receiver; one with no configurations is a null receiver (notifications are dropped).</summary>
public sealed record AlertmanagerReceiver
{
    public required string Name { get; init; }
    public IReadOnlyList<SlackConfig> SlackConfigs { get; init; } = [];
    public IReadOnlyList<DiscordConfig> DiscordConfigs { get; init; } = [];
    public IReadOnlyList<EmailConfig> EmailConfigs { get; init; } = [];
    public IReadOnlyList<WebhookConfig> WebhookConfigs { get; init; } = [];

    [YamlDotNet.Serialization.YamlIgnore]
    public bool IsNull => SlackConfigs.Count + DiscordConfigs.Count + EmailConfigs.Count + WebhookConfigs.Count == 0;
}
