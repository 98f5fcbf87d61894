namespace Supawatch.Stack;

/// <summary>
/// The native runtime's components in start order: node_exporter and Supawatch first (Prometheus scrapes them),
/// Alertmanager before Prometheus (Prometheus sends to it), Grafana last. Every command line names the monitoring
/// folder, which is how <c>stop</c> recognises its own processes.
/// </summary>
public static class NativeComponents
{
    /// <param name="supawatch">How to run this Supawatch: the executable, or <c>dotnet supawatch.dll</c>.</param>
    /// <param name="variables">The seed variables setup recorded (<see cref="RecordedVariables"/>): Supawatch's whole environment of them.</param>
    public static IReadOnlyList<NativeComponent> Plan(StackLayout layout, StackSettings settings, IReadOnlyList<string> supawatch, IReadOnlyDictionary<string, string>? variables = null)
    {
        var ports = settings.Ports;
        var links = settings.EffectiveLinks;
        string Listen(int port) => $"{ports.Bind}:{port}";
        var none = new Dictionary<string, string>();
        var demo = settings.IsDemo();
        var supawatchArguments = new List<string> { "serve", "--data-dir", layout.DataDirectory };
        if (demo)
        {
            // stack setup --demo: the simulated fleet (docs/demo.md). demo reads no variable and no config file, so the
            // stack gives it its listeners, folder and Prometheus as flags, and none of the recorded fleet's variables.
            supawatchArguments = ["demo", "--data-dir", layout.DataDirectory, "--metrics-listen", Listen(ports.Supawatch),
                "--status-listen", Listen(ports.Status), "--prometheus-url", ports.Url(ports.Prometheus)];
        }
        else if (settings.ConfigFile is not null)
        {
            supawatchArguments.AddRange(["--config", settings.ConfigFile]);
        }

        // The record first, then what the stack itself decides (its listeners, log folder, Prometheus, Alertmanager).
        var supawatchEnvironment = new Dictionary<string, string>(variables ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["SUPAWATCH_METRICS_LISTEN"] = Listen(ports.Supawatch),
            ["SUPAWATCH_STATUS_LISTEN"] = Listen(ports.Status),
            ["SUPAWATCH_LOG_DIR"] = layout.LogsDirectory,
            // So its /metrics carries the components' restarts and crash loops (StackSupervisionMetrics).
            ["SUPAWATCH_STACK_DIR"] = layout.Root,
            ["PROMETHEUS_URL"] = ports.Url(ports.Prometheus),
            ["ALERTMANAGER_URL"] = ports.Url(ports.Alertmanager),
        };
        supawatchEnvironment.Remove("SUPAWATCH_DATA_DIR");
        if (demo)
        {
            // Nothing of the real fleet's (DOCKER_HOST, MASTER_DB_URL, secrets) reaches the demo, not even unread.
            supawatchEnvironment = new Dictionary<string, string>(StringComparer.Ordinal) { ["SUPAWATCH_LOG_DIR"] = layout.LogsDirectory };
        }

        var components = new List<NativeComponent>
        {
            new(StackComponents.NodeExporter, ["prometheus-node-exporter", "node_exporter"], "prometheus-node-exporter",
                [$"--web.listen-address={Listen(ports.NodeExporter)}", "--no-collector.systemd",
                 $"--collector.textfile.directory={layout.ComponentData(StackComponents.NodeExporter)}"],
                none, ports.Url(ports.NodeExporter), "/metrics", ports.NodeExporter, "--node-exporter-port"),
            new(StackComponents.Supawatch, [], "supawatch", supawatchArguments, supawatchEnvironment,
                ports.Url(ports.Supawatch), "/healthz", ports.Supawatch, "--supawatch-port", Executable: supawatch,
                // A stack.json from before variables were recorded has none: that Supawatch keeps the shell's, as it did.
                Scrubbed: settings.Variables is null && !demo ? [] : RecordedVariables.Names, ConfigFiles: settings.ConfigFile is null || demo ? [] : [settings.ConfigFile]),
            new(StackComponents.Alertmanager, ["prometheus-alertmanager", "alertmanager"], "prometheus-alertmanager",
                [$"--config.file={layout.AlertmanagerFile}", $"--storage.path={layout.ComponentData(StackComponents.Alertmanager)}",
                 $"--web.listen-address={Listen(ports.Alertmanager)}", .. AlertmanagerCluster.NativeArguments(settings.AlertmanagerCluster),
                 $"--web.external-url={links.Alertmanager}", "--web.route-prefix=/"],
                none, ports.Url(ports.Alertmanager), "/-/ready", ports.Alertmanager, "--alertmanager-port",
                ConfigFiles: [layout.AlertmanagerFile], ReloadPath: "/-/reload"),
            new(StackComponents.Prometheus, ["prometheus"], "prometheus",
                [$"--config.file={layout.PrometheusFile}", $"--storage.tsdb.path={layout.ComponentData(StackComponents.Prometheus)}", PrometheusRetention.Flag,
                 $"--web.listen-address={Listen(ports.Prometheus)}", "--web.enable-lifecycle",
                 $"--web.external-url={links.Prometheus}", "--web.route-prefix=/"],
                none, ports.Url(ports.Prometheus), "/-/ready", ports.Prometheus, "--prometheus-port",
                ConfigFiles: [layout.PrometheusFile, Path.Combine(layout.AlertsDirectory, "*_rules.yml")],
                ReloadPath: "/-/reload"),
            new(StackComponents.Grafana, ["grafana-server", "grafana"], "grafana (https://apt.grafana.com; not in Debian)",
                [.. GrafanaHome(), $"cfg:default.paths.data={layout.ComponentData(StackComponents.Grafana)}",
                 $"cfg:default.paths.logs={layout.LogsDirectory}",
                 $"cfg:default.paths.provisioning={Path.Combine(layout.GrafanaDirectory, "provisioning")}",
                 $"cfg:default.server.http_addr={ports.Bind}", $"cfg:default.server.http_port={ports.Grafana}",
                 $"cfg:default.server.root_url={links.Grafana}"],
                new Dictionary<string, string>
                {
                    ["GF_SECURITY_ADMIN_USER"] = "admin",
                    ["GF_SECURITY_ADMIN_PASSWORD__FILE"] = layout.GrafanaPasswordFile,
                    ["GF_USERS_ALLOW_SIGN_UP"] = "false",
                },
                ports.Url(ports.Grafana), "/api/health", ports.Grafana, "--grafana-port", Optional: true,
                ConfigFiles: [layout.GrafanaPasswordFile, .. GrafanaProvisioning(layout)]),
        };
        // stack setup --without grafana: not started, not reported.
        var omitted = new StackOptions { Without = settings.Flags?.GetValueOrDefault("Stack:Without") }.Omitted();
        components.RemoveAll(c => omitted.Contains(c.Name));
        return components;
    }

    /// <summary>How to run the Supawatch that is running now: its apphost, or <c>dotnet supawatch.dll</c>.</summary>
    public static IReadOnlyList<string> CurrentSupawatch(string entryAssemblyPath)
    {
        var process = Environment.ProcessPath ?? "supawatch";
        return Path.GetFileNameWithoutExtension(process) == "dotnet" ? [process, entryAssemblyPath] : [process];
    }

    private static string[] GrafanaProvisioning(StackLayout layout) =>
    [
        Path.Combine(layout.GrafanaDirectory, "provisioning", "datasources", "*.y*ml"),
        Path.Combine(layout.GrafanaDirectory, "provisioning", "dashboards", "*.y*ml"),
    ];

    private static string[] GrafanaHome() =>
        Directory.Exists("/usr/share/grafana") ? ["--homepath", "/usr/share/grafana"] : [];
}
