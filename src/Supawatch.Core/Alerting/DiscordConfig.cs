namespace Supawatch.Alerting;

/// <summary>A <c>discord_configs:</c> entry (Alertmanager 0.25+). <see cref="WebhookUrl"/> is a secret.</summary>
public sealed record DiscordConfig
{
    public required string WebhookUrl { get; init; }
    public bool SendResolved { get; init; } = true;
    public required string Title { get; init; }
    public required string Message { get; init; }

    /// <summary>Keeps the secret URL out of logs and exception messages.</summary>
    public override string ToString() => "DiscordConfig { WebhookUrl = *** }";
}
