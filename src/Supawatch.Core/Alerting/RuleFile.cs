namespace Supawatch.Alerting;

/// <summary>A Prometheus rule file (<c>rule_files:</c>), laid out like its YAML.</summary>
public sealed record RuleFile(IReadOnlyList<RuleGroup> Groups);
