namespace Supawatch.Alerting;

/// <summary>One <c>groups:</c> entry of a Prometheus rule file.</summary>
public sealed record RuleGroup(string Name, IReadOnlyList<AlertingRule> Rules);
