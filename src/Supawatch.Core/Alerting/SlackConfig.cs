namespace Supawatch.Alerting;

/// <summary>A <c>slack_configs:</c> entry. <see cref="ApiUrl"/> is a secret.</summary>
public sealed record SlackConfig
{
    public required string ApiUrl { get; init; }
    public bool SendResolved { get; init; } = true;
    public required string Title { get; init; }
    public required string Text { get; init; }
    public string? Color { get; init; }

    /// <summary>Keeps the secret URL out of logs and exception messages.</summary>
    public override string ToString() => "SlackConfig { ApiUrl = *** }";
}
