namespace Supawatch.Notices;

/// <summary>Names of <see cref="IncidentStage"/> values in JSON, the store and the CLI.</summary>
public static class IncidentStages
{
    public static string ToLabel(this IncidentStage stage) => stage switch
    {
        IncidentStage.Investigating => "investigating",
        IncidentStage.Identified => "identified",
        IncidentStage.Monitoring => "monitoring",
        _ => "resolved",
    };

    public static IncidentStage? Parse(string? label) => label?.Trim().ToLowerInvariant() switch
    {
        "investigating" => IncidentStage.Investigating,
        "identified" => IncidentStage.Identified,
        "monitoring" => IncidentStage.Monitoring,
        "resolved" => IncidentStage.Resolved,
        _ => null,
    };

    public const string Allowed = "investigating, identified, monitoring or resolved";
}
