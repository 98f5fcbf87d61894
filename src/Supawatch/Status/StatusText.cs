using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>The page's words in English and Brazilian Portuguese.</summary>
public sealed record StatusText(
    string Language,
    string Title,
    string AllUp,
    string SomeDegraded,
    string SomeDown,
    string NotYetKnown,
    string LastCheck,
    string Never,
    string RefreshesEvery,
    string OpenIncidents,
    string RecentIncidents,
    string NoOpenIncidents,
    string NoRecentIncidents,
    string Uptime,
    string Last90Days,
    string Component,
    string StatusHeader,
    string ResponseTime,
    string Since,
    string Started,
    string Ended,
    string Duration,
    string Ongoing,
    string NoOrganization,
    string AllOrganizations,
    string HistoryUnavailable,
    string DiscoveryFailing,
    string NoInstances,
    string OrganizationNotFound,
    string Up,
    string Degraded,
    string Down,
    string Stopped,
    string Unknown,
    string Host,
    string Hosts)
{
    public static StatusText English { get; } = new(
        StatusLanguage.English, "Service status", "All systems operational", "Some systems are degraded", "Some systems are down",
        "Status not known yet", "Last check", "never", "Refreshes every {0} s", "Open incidents", "Recent incidents",
        "No open incidents", "No incidents recently", "Uptime", "Last 90 days", "Component", "Status", "Response time",
        "since", "Started", "Ended", "Duration", "ongoing", "No organization", "All organizations",
        "History is temporarily unavailable; uptime figures may be out of date.",
        "Instance discovery is failing ({0}); the list may be out of date.",
        "No instances found yet.", "Organization not found.",
        "Up", "Degraded", "Down", "Stopped", "Unknown",
        "host", "Docker hosts");

    public static StatusText Portuguese { get; } = new(
        StatusLanguage.Portuguese, "Status dos serviços", "Todos os sistemas operacionais", "Alguns sistemas estão degradados",
        "Alguns sistemas estão fora do ar", "Status ainda desconhecido", "Última verificação", "nunca", "Atualiza a cada {0} s",
        "Incidentes abertos", "Incidentes recentes", "Nenhum incidente aberto", "Nenhum incidente recente", "Disponibilidade",
        "Últimos 90 dias", "Componente", "Status", "Tempo de resposta", "desde", "Início", "Fim", "Duração", "em andamento",
        "Sem organização", "Todas as organizações",
        "O histórico está temporariamente indisponível; os números de disponibilidade podem estar desatualizados.",
        "A descoberta de instâncias está falhando ({0}); a lista pode estar desatualizada.",
        "Nenhuma instância encontrada ainda.", "Organização não encontrada.",
        "Operacional", "Degradado", "Fora do ar", "Parado", "Desconhecido",
        "host", "Hosts Docker");

    public static StatusText For(string language) => language == StatusLanguage.Portuguese ? Portuguese : English;

    public string Name(HealthStatus status) => status switch
    {
        HealthStatus.Up => Up,
        HealthStatus.Degraded => Degraded,
        HealthStatus.Down => Down,
        HealthStatus.Stopped => Stopped,
        HealthStatus.Maintenance => NoticeText.For(Language).Maintenance,
        _ => Unknown,
    };

    public string Overall(HealthStatus status) => status switch
    {
        HealthStatus.Up or HealthStatus.Stopped or HealthStatus.Maintenance => AllUp,
        HealthStatus.Degraded => SomeDegraded,
        HealthStatus.Down => SomeDown,
        _ => NotYetKnown,
    };
}
