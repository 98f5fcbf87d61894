namespace Supawatch.Notices;

/// <summary>Where an incident report stands, in the order Statuspage and its peers use.</summary>
public enum IncidentStage
{
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}
