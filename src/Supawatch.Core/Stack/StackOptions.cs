namespace Supawatch.Stack;

/// <summary>
/// The monitoring stack's listeners and its Grafana password. Section <c>Stack</c>; ports default to the
/// contract's (Prometheus 9090, Alertmanager 9093, Grafana 3001, node_exporter 9100, Supawatch 9200 and 8080,
/// cAdvisor 8081 so the status page keeps 8080).
/// </summary>
public sealed class StackOptions
{
    public const string Section = "Stack";

    /// <summary><c>SUPAWATCH_STACK_BIND</c>: the address every native component listens on and compose publishes on.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    public int PrometheusPort { get; set; } = 9090;
    public int AlertmanagerPort { get; set; } = 9093;
    public int GrafanaPort { get; set; } = 3001;
    public int NodeExporterPort { get; set; } = 9100;
    public int SupawatchPort { get; set; } = 9200;
    public int StatusPort { get; set; } = 8080;

    /// <summary>cAdvisor's published port (docker runtime only); never 8080, the status page's.</summary>
    public int CadvisorPort { get; set; } = 8081;

    /// <summary><c>GRAFANA_ADMIN_PASSWORD</c>: taken instead of a generated one; a secret, never printed.</summary>
    public string? GrafanaAdminPassword { get; set; }

    /// <summary><c>SUPAWATCH_IMAGE</c>: the Supawatch image the compose file runs (built from the repo's Dockerfile).</summary>
    public string SupawatchImage { get; set; } = "supawatch:local";
}
