using System.Net;
using Supawatch.Alerting;

namespace Supawatch.Stack;

/// <summary>
/// The addresses people reach the stack on, for every link in alerts, notifications and the components' own pages:
/// Prometheus and Alertmanager (their <c>--web.external-url</c>), Grafana (its <c>root_url</c>) and the status page.
/// Each is the operator's variable when set, else the stack's real bind address and port — with a bind on every
/// address (0.0.0.0, ::) that is this machine's host name, since "localhost" works only on the machine itself.
/// </summary>
public sealed record ExternalUrls(string Prometheus, string Alertmanager, string Grafana, string StatusPage)
{
    /// <param name="hostName">The machine's name for a bind on every address; null asks the system.</param>
    public static ExternalUrls Resolve(AlertingOptions alerting, StackPorts ports, string? hostName = null)
    {
        var host = ports.Bind is "0.0.0.0" or "::" or "" ? hostName ?? Dns.GetHostName() : ports.Bind;
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }

        string Default(int port) => $"http://{host}:{port}";
        return new(
            Set(alerting.PrometheusExternalUrl) ?? Default(ports.Prometheus),
            Set(alerting.AlertmanagerExternalUrl) ?? Default(ports.Alertmanager),
            Set(alerting.GrafanaUrl) ?? Default(ports.Grafana),
            Set(alerting.StatusPageUrl) ?? Default(ports.Status) + "/status");
    }

    /// <summary>What a stack set up before these links were kept (no <c>links</c> in stack.json) used.</summary>
    public static ExternalUrls Legacy(StackPorts ports) =>
        new(ports.Url(ports.Prometheus), ports.Url(ports.Alertmanager), ports.Url(ports.Grafana), ports.Url(ports.Status) + "/status");

    /// <summary>A copy of <paramref name="alerting"/> whose links are these (the rules' annotations read them).</summary>
    public AlertingOptions ApplyTo(AlertingOptions alerting) => alerting.WithLinks(Prometheus, Alertmanager, Grafana, StatusPage);

    private static string? Set(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim().TrimEnd('/');
}
