namespace Supawatch.Alerting;

/// <summary>An <c>inhibit_rules:</c> entry: while a source alert fires, matching targets with equal labels stay quiet.</summary>
public sealed record InhibitRule
{
    public required IReadOnlyList<string> SourceMatchers { get; init; }
    public required IReadOnlyList<string> TargetMatchers { get; init; }
    public required IReadOnlyList<string> Equal { get; init; }
}
