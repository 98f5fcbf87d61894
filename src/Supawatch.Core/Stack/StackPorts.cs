namespace Supawatch.Stack;

/// <summary>The address and ports of one stack, resolved from <see cref="StackOptions"/>.</summary>
public sealed record StackPorts(
    string Bind,
    int Prometheus,
    int Alertmanager,
    int Grafana,
    int NodeExporter,
    int Supawatch,
    int Status,
    int Cadvisor)
{
    public static StackPorts From(StackOptions options) => new(
        options.Bind,
        options.PrometheusPort,
        options.AlertmanagerPort,
        options.GrafanaPort,
        options.NodeExporterPort,
        options.SupawatchPort,
        options.StatusPort,
        options.CadvisorPort);

    /// <summary>Every published port with the component and the flag that moves it, for clash and in-use checks.</summary>
    public IReadOnlyList<(string Component, int Port, string Flag)> All(StackRuntime runtime)
    {
        var ports = new List<(string, int, string)>
        {
            (StackComponents.Prometheus, Prometheus, "--prometheus-port"),
            (StackComponents.Alertmanager, Alertmanager, "--alertmanager-port"),
            (StackComponents.Grafana, Grafana, "--grafana-port"),
            (StackComponents.NodeExporter, NodeExporter, "--node-exporter-port"),
            (StackComponents.Supawatch, Supawatch, "--supawatch-port"),
            (StackComponents.StatusPage, Status, "--status-port"),
        };
        if (runtime == StackRuntime.Docker)
        {
            ports.Add((StackComponents.Cadvisor, Cadvisor, "--cadvisor-port"));
        }

        return ports;
    }

    /// <summary>The URL a browser on this host uses for <paramref name="port"/>.</summary>
    public string Url(int port) => $"http://{(Bind is "0.0.0.0" or "::" ? "localhost" : Bind)}:{port}";
}
