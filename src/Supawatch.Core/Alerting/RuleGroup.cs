using YamlDotNet.Serialization;

namespace Supawatch.Alerting;

/// <summary>
/// One <c>groups:</c> entry of a Prometheus rule file: its recording rules (<see cref="Records"/>) come before its
/// alerting rules in the YAML's one <c>rules:</c> list. <see cref="Interval"/> overrides the global evaluation interval.
/// </summary>
public sealed record RuleGroup([property: YamlIgnore] string Name, [property: YamlIgnore] IReadOnlyList<AlertingRule> Rules)
{
    [YamlIgnore]
    public IReadOnlyList<RecordingRule> Records { get; init; } = [];

    [YamlIgnore]
    public TimeSpan? Interval { get; init; }

    [YamlMember(Alias = "name", Order = 0)]
    public string GroupName => Name;

    [YamlMember(Alias = "interval", Order = 1)]
    public TimeSpan? GroupInterval => Interval;

    /// <summary>What the YAML's <c>rules:</c> holds: the recording rules, then the alerts.</summary>
    [YamlMember(Alias = "rules", Order = 2)]
    public IReadOnlyList<object> AllRules => [.. Records, .. Rules];
}
