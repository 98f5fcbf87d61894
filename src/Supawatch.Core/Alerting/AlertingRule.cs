namespace Supawatch.Alerting;

/// <summary>
/// One Prometheus alerting rule. <see cref="For"/> is written as a Prometheus duration (<c>1m</c>);
/// null means the alert fires on the first evaluation that matches.
/// </summary>
public sealed record AlertingRule
{
    public required string Alert { get; init; }
    public required string Expr { get; init; }
    public TimeSpan? For { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The rule's <c>severity</c> label.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public string Severity => Labels.TryGetValue("severity", out var severity) ? severity : "";
}
