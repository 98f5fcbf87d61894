namespace Supawatch.Alerting;

/// <summary>alertmanager.yml, laid out like its YAML (only the parts Supawatch writes).</summary>
public sealed record AlertmanagerFile
{
    public AlertmanagerGlobal? Global { get; init; }
    public required AlertmanagerRoute Route { get; init; }
    public required IReadOnlyList<AlertmanagerReceiver> Receivers { get; init; }
    public IReadOnlyList<InhibitRule> InhibitRules { get; init; } = [];
}
