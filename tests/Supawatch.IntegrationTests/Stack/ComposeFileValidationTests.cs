using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Stack;

/// <summary>
/// Issue 22: every compose file <c>stack setup --runtime docker</c> can render is one the real compose reads.
/// Each case runs the built CLI with a combination of the runtime-independent options (ports, bind address,
/// left-out components, an Alertmanager cluster, remote_write and HA labels, another image, a Docker socket elsewhere, external
/// URLs and operator credentials), then Debian's <c>docker-compose</c>
/// 1.29 (the oldest compose the docker runtime accepts) validates the file and lists what it would run.
/// </summary>
public sealed class ComposeFileValidationTests : IAsyncLifetime
{
    private static readonly string[] AllServices = ["alertmanager", "cadvisor", "grafana", "node-exporter", "prometheus", "supawatch"];
    private readonly string _root = TempDirectory.Create("compose-config");

    public static TheoryData<string, string[], string[]> Combinations() => new()
    {
        { "defaults", [], [] },
        { "ports and bind", ["--bind", "0.0.0.0", "--prometheus-port", "19090", "--alertmanager-port", "19093", "--grafana-port", "13001", "--node-exporter-port", "19100", "--supawatch-port", "19200", "--status-port", "18080", "--cadvisor-port", "18081"], [] },
        { "without grafana", ["--without", "grafana"], [] },
        { "without cadvisor", ["--without", "cadvisor"], [] },
        { "without both", ["--without", "grafana,cadvisor"], [] },
        { "alertmanager cluster", ["--alertmanager-peer", "192.0.2.10:9094", "--alertmanager-peer", "192.0.2.11:9094", "--alertmanager-cluster-listen", "0.0.0.0:9094", "--alertmanager-cluster-advertise", "192.0.2.9:9094"], [] },
        { "remote write and HA labels", [], ["SUPAWATCH_REMOTE_WRITE_URL=http://192.0.2.20:8428/api/v1/write", "SUPAWATCH_PROMETHEUS_CLUSTER=eu-1", "SUPAWATCH_PROMETHEUS_REPLICA=a"] },
        { "image, socket, links and auth", [], ["SUPAWATCH_IMAGE=registry.example.com/ops/supawatch:1.4.0", "DOCKER_HOST=unix:///run/docker-alt/docker.sock", "PROMETHEUS_EXTERNAL_URL=https://ops.example.com/prometheus", "ALERTMANAGER_EXTERNAL_URL=https://ops.example.com/alertmanager", "GRAFANA_URL=https://ops.example.com/grafana", "SUPAWATCH_STATUS_PAGE_URL=https://status.example.com/status", "SUPAWATCH_AUTH_TOKEN=compose-config-token-0123456789abcdef"] },
        { "everything", ["--bind", "0.0.0.0", "--prometheus-port", "29090", "--without", "cadvisor,grafana", "--alertmanager-peer", "192.0.2.10:9094", "--alertmanager-cluster-advertise", "192.0.2.9:9094"], ["SUPAWATCH_REMOTE_WRITE_URL=http://192.0.2.20:8480/insert/{tenant}/prometheus/api/v1/write", "SUPAWATCH_REMOTE_WRITE_KIND=victoriametrics", "SUPAWATCH_REMOTE_WRITE_TENANT=0", "SUPAWATCH_PROMETHEUS_CLUSTER=eu-1", "SUPAWATCH_PROMETHEUS_REPLICA=b"] },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TempDirectory.DeleteAsync(_root);

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task Setup_EveryOptionCombination_RendersAFileDockerCompose129Accepts(string name, string[] flags, string[] variables)
    {
        var compose = RequiredTool.Find("docker-compose", "docker-compose");
        var environment = variables.Select(v => v.Split('=', 2)).ToDictionary(v => v[0], v => v[1]);
        var cli = new StackCli(Path.Combine(_root, name.Replace(' ', '-')), environment);

        var setup = await cli.RunAsync(["setup", "--runtime", "docker", "--no-start", .. flags]);

        Assert.True(setup.ExitCode == 0, setup.Describe());
        string[] project = ["-p", "supawatch-monitoring", "-f", Path.Combine(cli.Directory, "docker-compose.monitoring.yml"), "--project-directory", cli.Directory];
        var config = await ProcessRunner.TryRunAsync(compose, [.. project, "config"]);
        Assert.True(config.ExitCode == 0, $"{name}: docker-compose refused the rendered file.\n{config.Describe()}");
        var services = await ProcessRunner.RunAsync(compose, [.. project, "config", "--services"]);
        var without = Value(flags, "--without")?.Split(',') ?? [];
        var expected = AllServices.Except(without).Order(StringComparer.Ordinal);
        Assert.Equal(expected, services.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));

        // What compose resolved publishes on the address and port asked for, and the file Prometheus reads agrees
        // with the services that exist (no cAdvisor job when cAdvisor is left out).
        var bind = Value(flags, "--bind") ?? "127.0.0.1";
        Assert.Contains($"{bind}:{Value(flags, "--prometheus-port") ?? "9090"}:9090", config.StandardOutput, StringComparison.Ordinal);
        var prometheusYml = await File.ReadAllTextAsync(Path.Combine(cli.Directory, "prometheus.yml"));
        Assert.Equal(!without.Contains("cadvisor"), prometheusYml.Contains("job_name: cadvisor", StringComparison.Ordinal));
        Assert.Equal(environment.ContainsKey("SUPAWATCH_REMOTE_WRITE_URL"), prometheusYml.Contains("remote_write:", StringComparison.Ordinal));
        // The image, the socket and the links given reach what compose resolved; a secret is not written into the file.
        Assert.Contains($"image: {environment.GetValueOrDefault("SUPAWATCH_IMAGE", "supawatch:local")}", config.StandardOutput, StringComparison.Ordinal);
        var socket = environment.TryGetValue("DOCKER_HOST", out var host) ? host["unix://".Length..] : "/var/run/docker.sock";
        Assert.Contains(socket, config.StandardOutput, StringComparison.Ordinal);
        if (environment.TryGetValue("PROMETHEUS_EXTERNAL_URL", out var prometheusUrl))
        {
            Assert.Contains($"--web.external-url={prometheusUrl}", config.StandardOutput, StringComparison.Ordinal);
        }

        // (compose itself inlines the env_file's values into what 'config' prints: the secret stays out of the file.)
        Assert.DoesNotContain("compose-config-token", await File.ReadAllTextAsync(Path.Combine(cli.Directory, "docker-compose.monitoring.yml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setup_WithoutAnUnknownComponent_FailsNamingTheOnesThatCanBeLeftOut()
    {
        var cli = new StackCli(Path.Combine(_root, "unknown"), new Dictionary<string, string>());

        var setup = await cli.RunAsync("setup", "--runtime", "docker", "--no-start", "--without", "prometheus");

        Assert.True(setup.ExitCode == 2, setup.Describe());
        Assert.Contains("--without prometheus: only grafana and cadvisor can be left out", setup.StandardError, StringComparison.Ordinal);
    }

    private static string? Value(string[] flags, string flag) =>
        flags.Select((f, i) => (f, i)).Where(p => p.f == flag).Select(p => flags[p.i + 1]).LastOrDefault();
}
