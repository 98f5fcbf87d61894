namespace Supawatch.Status;

/// <summary>The words of maintenance windows and incident reports on the page, in English and Brazilian Portuguese.</summary>
public sealed record NoticeText(
    string Maintenance,
    string ScheduledMaintenance,
    string InProgress,
    string Scheduled,
    string Recurring,
    string IncidentReports,
    string Opened,
    string Resolved,
    string Instance,
    string Organization,
    string Host,
    string Investigating,
    string Identified,
    string Monitoring,
    string ResolvedStage)
{
    public static NoticeText English { get; } = new(
        "Maintenance", "Scheduled maintenance", "In progress", "Scheduled", "repeats (cron, UTC)", "Incident reports",
        "Opened", "Resolved", "instance", "organization", "host",
        "Investigating", "Identified", "Monitoring", "Resolved");

    public static NoticeText Portuguese { get; } = new(
        "Em manutenção", "Manutenção programada", "Em andamento", "Agendada", "repete (cron, UTC)", "Relatos de incidentes",
        "Aberto", "Resolvido", "instância", "organização", "host",
        "Investigando", "Identificado", "Monitorando", "Resolvido");

    public static NoticeText For(string language) => language == StatusLanguage.Portuguese ? Portuguese : English;

    public string Stage(string stage) => stage switch
    {
        "investigating" => Investigating,
        "identified" => Identified,
        "monitoring" => Monitoring,
        _ => ResolvedStage,
    };

    public string Kind(string kind) => kind switch
    {
        "instance" => Instance,
        "org" => Organization,
        _ => Host,
    };
}
