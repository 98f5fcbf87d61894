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
    public string Organizations { get; init; } = "Organizations";
    public string Search { get; init; } = "Search organizations and projects";
    public string OnlyProblems { get; init; } = "Only problems";
    public string Filter { get; init; } = "Filter";
    public string ShowAll { get; init; } = "Show all";
    public string Showing { get; init; } = "Showing {0} of {1} organizations.";
    public string NoMatch { get; init; } = "No organization matches.";
    public string FleetCounts { get; init; } = "{0} instances in {1} organizations: {2} up, {3} degraded, {4} down, {5} stopped, {6} unknown.";
    public string InstanceCount { get; init; } = "{0} instances";
    public string Project { get; init; } = "Project";
    public string Instance { get; init; } = "Instance";
    public string OrganizationPage { get; init; } = "Status page of {0}";
    public string DayByDay { get; init; } = "Day by day, last 90 days";
    public string Day { get; init; } = "Day";
    public string NoData { get; init; } = "no data";
    public string TimesUtc { get; init; } = "Times in UTC.";
    public string TimesLocal { get; init; } = "Times in your time zone ({0}).";
    public string OverviewUnavailable { get; init; } = "This page is not public. Ask your provider for the link to your organization's status page.";
    public string Projects { get; init; } = "Projects";
    public string ErrorBudget { get; init; } = "Error budget (30 days)";
    public string Objective { get; init; } = "Objective";
    public string BudgetLeft { get; init; } = "Budget left";
    public string BurnRate24h { get; init; } = "Burn rate (24 h)";
    public string BudgetWorst { get; init; } = "Figures of the project closest to its objective; {0} of {1} projects have spent their budget.";

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
        "host", "Hosts Docker")
    {
        Organizations = "Organizações",
        Search = "Buscar organizações e projetos",
        OnlyProblems = "Somente problemas",
        Filter = "Filtrar",
        ShowAll = "Mostrar todas",
        Showing = "Exibindo {0} de {1} organizações.",
        NoMatch = "Nenhuma organização corresponde.",
        FleetCounts = "{0} instâncias em {1} organizações: {2} operacionais, {3} degradadas, {4} fora do ar, {5} paradas, {6} desconhecidas.",
        InstanceCount = "{0} instâncias",
        Project = "Projeto",
        Instance = "Instância",
        OrganizationPage = "Página de status de {0}",
        DayByDay = "Dia a dia, últimos 90 dias",
        Day = "Dia",
        NoData = "sem dados",
        TimesUtc = "Horários em UTC.",
        TimesLocal = "Horários no seu fuso horário ({0}).",
        OverviewUnavailable = "Esta página não é pública. Peça ao seu provedor o link da página de status da sua organização.",
        Projects = "Projetos",
        ErrorBudget = "Orçamento de erros (30 dias)",
        Objective = "Objetivo",
        BudgetLeft = "Orçamento restante",
        BurnRate24h = "Taxa de consumo (24 h)",
        BudgetWorst = "Números do projeto mais próximo do seu objetivo; {0} de {1} projetos esgotaram o orçamento.",
    };

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

    /// <summary>A cause as the page shows it: in English as the probes wrote it, else in this language (<see cref="StatusCauses"/>).</summary>
    public string Cause(string cause) => Language == StatusLanguage.Portuguese ? StatusCauses.Portuguese(cause) : cause;

    public string Overall(HealthStatus status) => status switch
    {
        HealthStatus.Up or HealthStatus.Stopped or HealthStatus.Maintenance => AllUp,
        HealthStatus.Degraded => SomeDegraded,
        HealthStatus.Down => SomeDown,
        _ => NotYetKnown,
    };
}
