namespace Supawatch.Alerting;

/// <summary>An <c>email_configs:</c> entry. <see cref="AuthPassword"/> is a secret.</summary>
public sealed record EmailConfig
{
    public required string To { get; init; }
    public required string From { get; init; }
    public required string Smarthost { get; init; }
    public string? AuthUsername { get; init; }
    public string? AuthPassword { get; init; }
    public bool RequireTls { get; init; } = true;
    public bool SendResolved { get; init; } = true;
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Keeps the secret password out of logs and exception messages.</summary>
    public override string ToString() => $"EmailConfig {{ To = {To}, Smarthost = {Smarthost} }}";
}
