namespace Supawatch.Stack;

/// <summary>The stack's component names, as status, errors and the compose services use them.</summary>
public static class StackComponents
{
    public const string Prometheus = "prometheus";
    public const string Alertmanager = "alertmanager";
    public const string Grafana = "grafana";
    public const string NodeExporter = "node-exporter";
    public const string Cadvisor = "cadvisor";
    public const string Supawatch = "supawatch";

    /// <summary>Supawatch's second listener; not a process of its own.</summary>
    public const string StatusPage = "supawatch status page";
}
