namespace Supawatch.Alerting;

/// <summary>A <c>webhook_configs:</c> entry: Alertmanager's JSON payload POSTed to <see cref="Url"/> (a secret).</summary>
public sealed record WebhookConfig
{
    public required string Url { get; init; }
    public bool SendResolved { get; init; } = true;

    /// <summary>Keeps the secret URL out of logs and exception messages.</summary>
    public override string ToString() => "WebhookConfig { Url = *** }";
}
