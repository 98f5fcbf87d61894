using System.Text.RegularExpressions;
using Supawatch.Alerting;

namespace Supawatch.Stack;

/// <summary>
/// docker-compose.monitoring.yml: Prometheus (lifecycle API on), Alertmanager, Grafana (provisioned from
/// <c>grafana/</c>), node_exporter, cAdvisor (published on its own port, never 8080) and Supawatch built from the
/// repository's Dockerfile with the Docker socket mounted read-only. Every service has a health check and a
/// restart policy. Secrets stay out of the file: Supawatch reads the recorded variables from <c>secrets/supawatch.env</c> (mode 600).
/// </summary>
public static partial class ComposeConfig
{
    /// <summary>Images, pinned so a re-run does not change what runs.</summary>
    public const string PrometheusImage = "prom/prometheus:v2.53.2";
    public const string AlertmanagerImage = "prom/alertmanager:v0.27.0";
    public const string GrafanaImage = "grafana/grafana:11.2.0";
    public const string NodeExporterImage = "prom/node-exporter:v1.8.2";
    public const string CadvisorImage = "gcr.io/cadvisor/cadvisor:v0.49.1";

    /// <summary>Where the Grafana password file is mounted inside its container.</summary>
    public const string GrafanaPasswordMount = "/run/secrets/grafana_admin_password";

    /// <summary>
    /// The variables setup recorded (<see cref="RecordedVariables"/>), relative to the compose file: Supawatch runs
    /// with them, not with the environment of the shell that runs compose, and no secret is written into the file.
    /// </summary>
    public const string SupawatchEnvFile = "secrets/supawatch.env";

    /// <param name="user">The <c>uid:gid</c> that owns the rendered files; Alertmanager and Grafana run as it to read the mode-600 files.</param>
    /// <param name="buildContext">The repository holding the Dockerfile, when setup runs from a checkout; null to use the image as is.</param>
    /// <param name="cluster">The Alertmanager cluster; null renders clustering off.</param>
    /// <param name="links">The external URLs; null for the legacy <c>localhost</c> ones.</param>
    /// <param name="without">Optional services left out (<see cref="StackOptions.Without"/>: grafana, cadvisor).</param>
    /// <param name="dockerSocket">The host's Docker socket Supawatch watches (<see cref="DockerSocket"/>), and its group id.</param>
    /// <param name="demo"><c>stack setup --demo</c>: the container runs <c>supawatch demo</c> (the simulated fleet) and gets no Docker socket.</param>
    public static ComposeFile Build(StackPorts ports, string user, string image, string? buildContext, AlertmanagerCluster? cluster = null, ExternalUrls? links = null, IReadOnlyCollection<string>? without = null, (string Path, string Group)? dockerSocket = null, bool demo = false)
    {
        var (socketPath, socketGroup) = dockerSocket ?? (DockerSocket.Default, "999");
        links ??= ExternalUrls.Legacy(ports);
        string Publish(int hostPort, int containerPort) => $"{ports.Bind}:{hostPort}:{containerPort}";
        var services = new Dictionary<string, ComposeService>
        {
            [StackComponents.Prometheus] = new()
            {
                Image = PrometheusImage,
                ContainerName = "supabase_prometheus",
                Command =
                [
                    "--config.file=/etc/prometheus/prometheus.yml",
                    "--storage.tsdb.path=/prometheus",
                    PrometheusRetention.Flag,
                    "--web.enable-lifecycle",
                    $"--web.external-url={links.Prometheus}",
                    "--web.route-prefix=/",
                ],
                Ports = [Publish(ports.Prometheus, 9090)],
                Volumes =
                [
                    $"./{StackLayout.PrometheusFileName}:/etc/prometheus/prometheus.yml:ro",
                    $"./{AlertingFiles.Folder}:/etc/prometheus/{AlertingFiles.Folder}:ro",
                    // Supawatch's instances.json (file_sd), from its volume.
                    "supawatch_data:/etc/prometheus/data:ro",
                    "prometheus_data:/prometheus",
                ],
                ExtraHosts = ["host.docker.internal:host-gateway"],
                Healthcheck = Http("http://localhost:9090/-/ready"),
                DependsOn = [StackComponents.Alertmanager],
            },
            [StackComponents.Alertmanager] = new()
            {
                Image = AlertmanagerImage,
                ContainerName = "supabase_alertmanager",
                User = user,
                Command =
                [
                    "--config.file=/etc/alertmanager/alertmanager.yml",
                    "--storage.path=/alertmanager",
                    $"--web.external-url={links.Alertmanager}",
                    "--web.route-prefix=/",
                    .. AlertmanagerCluster.ComposeArguments(cluster),
                ],
                Ports = [Publish(ports.Alertmanager, 9093), .. cluster?.ComposePorts() ?? []],
                Volumes = [$"./{AlertingFiles.Folder}/{AlertmanagerConfig.FileName}:/etc/alertmanager/alertmanager.yml:ro", "alertmanager_data:/alertmanager"],
                Healthcheck = Http("http://localhost:9093/-/ready"),
            },
            [StackComponents.Grafana] = new()
            {
                Image = GrafanaImage,
                ContainerName = "supabase_grafana",
                User = user,
                Ports = [Publish(ports.Grafana, 3000)],
                Volumes =
                [
                    "./grafana/provisioning:/etc/grafana/provisioning:ro",
                    "./grafana/dashboards:/var/lib/grafana/dashboards:ro",
                    $"./secrets/grafana-admin-password:{GrafanaPasswordMount}:ro",
                    "grafana_data:/var/lib/grafana",
                ],
                Environment = new()
                {
                    ["GF_SECURITY_ADMIN_USER"] = "admin",
                    ["GF_SECURITY_ADMIN_PASSWORD__FILE"] = GrafanaPasswordMount,
                    ["GF_USERS_ALLOW_SIGN_UP"] = "false",
                    ["GF_SERVER_ROOT_URL"] = links.Grafana,
                },
                Healthcheck = Http("http://localhost:3000/api/health"),
                DependsOn = [StackComponents.Prometheus],
            },
            [StackComponents.NodeExporter] = new()
            {
                Image = NodeExporterImage,
                ContainerName = "supabase_node_exporter",
                Pid = "host",
                Command = ["--path.rootfs=/host"],
                Ports = [Publish(ports.NodeExporter, 9100)],
                Volumes = ["/:/host:ro,rslave"],
                Healthcheck = Http("http://localhost:9100/metrics"),
            },
            [StackComponents.Cadvisor] = new()
            {
                Image = CadvisorImage,
                ContainerName = "supabase_cadvisor",
                // cAdvisor listens on 8080 inside its container; published elsewhere, the status page keeps 8080.
                Ports = [Publish(ports.Cadvisor, 8080)],
                Volumes = ["/:/rootfs:ro", "/var/run:/var/run:ro", "/sys:/sys:ro", "/var/lib/docker/:/var/lib/docker:ro"],
                Healthcheck = Http("http://localhost:8080/healthz"),
            },
            [StackComponents.Supawatch] = new()
            {
                Image = image,
                Build = buildContext is null ? null : new() { Context = buildContext },
                ContainerName = "supabase_supawatch",
                Ports = [Publish(ports.Supawatch, 9200), Publish(ports.Status, 8080)],
                // A named volume: it takes the image's ownership of /data, so the non-root user can write it.
                // The host's cgroup tree, read-only: container CPU and memory from the kernel's files instead of the stats API.
                Volumes = [$"{socketPath}:/var/run/docker.sock:ro", "supawatch_data:/data", $"/sys/fs/cgroup:{HostCgroupRoot}:ro"],
                // The image's user is not root: it reaches the socket through the socket's group (found at setup; DOCKER_GID overrides).
                GroupAdd = [$"${{DOCKER_GID:-{socketGroup}}}"],
                ExtraHosts = ["host.docker.internal:host-gateway"],
                // The recorded variables; the environment below (its socket, listeners, neighbours) overrides them.
                EnvFile = [SupawatchEnvFile],
                Environment = SupawatchEnvironment(),
                Healthcheck = new()
                {
                    // The runtime image has bash but neither curl nor wget.
                    Test = ["CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9200 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"],
                },
            },
        };

        if (demo)
        {
            // demo reads no variable and no config file: the same listeners, folder and Prometheus as flags; no engine to reach.
            var supawatch = services[StackComponents.Supawatch];
            supawatch.Command = ["demo", "--data-dir", "/data", "--metrics-listen", "0.0.0.0:9200", "--status-listen", "0.0.0.0:8080", "--prometheus-url", "http://prometheus:9090"];
            supawatch.Volumes = ["supawatch_data:/data"];
            supawatch.GroupAdd = [];
        }

        var volumes = new Dictionary<string, Dictionary<string, string>> { ["prometheus_data"] = [], ["alertmanager_data"] = [], ["grafana_data"] = [], ["supawatch_data"] = [] };
        foreach (var omitted in without ?? [])
        {
            services.Remove(omitted);
            volumes.Remove($"{omitted}_data");
        }

        return new ComposeFile { Services = services, Volumes = volumes };
    }

    /// <summary>Where the Supawatch container sees the host's <c>/sys/fs/cgroup</c> (not over its own, which the engine mounts).</summary>
    public const string HostCgroupRoot = "/host/sys/fs/cgroup";

    public static string Render(ComposeFile file) =>
        QuoteUser(AlertingYaml.Render(file, "Generated by `supawatch stack setup`: edits are kept, see docs/stack.md.\nStart with `supawatch stack start` or `docker compose -p supawatch-monitoring -f docker-compose.monitoring.yml up -d`."));

    // YAML 1.1 readers take an unquoted 1000:1000 for a base-60 number.
    private static string QuoteUser(string yaml) => UserLine().Replace(yaml, "$1\"$2\"");

    [GeneratedRegex(@"^(\s+user: )(\d+:\d+)$", RegexOptions.Multiline)]
    private static partial Regex UserLine();

    private static Dictionary<string, string> SupawatchEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = "unix:///var/run/docker.sock",
            ["SUPAWATCH_CGROUP_ROOT"] = HostCgroupRoot,
            ["SUPAWATCH_DATA_DIR"] = "/data",
            ["SUPAWATCH_LOG_DIR"] = "/data/logs",
            ["SUPAWATCH_METRICS_LISTEN"] = "0.0.0.0:9200",
            ["SUPAWATCH_STATUS_LISTEN"] = "0.0.0.0:8080",
            ["PROMETHEUS_URL"] = "http://prometheus:9090",
            ["ALERTMANAGER_URL"] = "http://alertmanager:9093",
            // Tenants publish Kong on the host; Prometheus reaches the host from its container by this name.
            ["SUPAWATCH_TARGET_HOST"] = "host.docker.internal",
        };
        return environment;
    }

    private static ComposeHealthcheck Http(string url) => new() { Test = ["CMD", "wget", "-q", "-O", "/dev/null", url] };
}
