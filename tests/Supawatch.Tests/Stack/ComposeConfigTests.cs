using Supawatch.Stack;

namespace Supawatch.Tests.Stack;

/// <summary>docker-compose.monitoring.yml, checked for structure: it cannot be run here (no Docker engine).</summary>
public sealed class ComposeConfigTests : IDisposable
{
    private static readonly string[] Services =
        [StackComponents.Prometheus, StackComponents.Alertmanager, StackComponents.Grafana, StackComponents.NodeExporter, StackComponents.Cadvisor, StackComponents.Supawatch];

    private static readonly int[] ContractPorts = [3001, 8080, 8081, 9090, 9093, 9100, 9200];

    private readonly StackTestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Setup_Compose_HasEveryServiceWithImageHealthcheckAndRestartPolicy()
    {
        var services = await RenderServicesAsync();

        Assert.Equal(Services.Order(), services.Keys.Cast<string>().Order());
        Assert.All(services, s =>
        {
            Assert.False(string.IsNullOrEmpty(StackYaml.Scalar(s.Value, "image")), $"{s.Key} has no image");
            Assert.Equal("unless-stopped", StackYaml.Scalar(s.Value, "restart"));
            Assert.NotEmpty(StackYaml.List(StackYaml.Map(s.Value, "healthcheck"), "test"));
        });
    }

    [Fact]
    public async Task Setup_Compose_PublishesEachPortOnceAndCadvisorNotOn8080()
    {
        var services = await RenderServicesAsync();

        var published = services.SelectMany(s => StackYaml.List(s.Value, "ports").Cast<string>().Select(p => (Service: (string)s.Key, HostPort: int.Parse(p.Split(':')[1]))))
            .ToList();
        Assert.Equal(published.Count, published.Select(p => p.HostPort).Distinct().Count());
        Assert.Equal(8080, published.Single(p => p.Service == StackComponents.Supawatch && p.HostPort == 8080).HostPort);
        Assert.DoesNotContain(published, p => p.Service == StackComponents.Cadvisor && p.HostPort == 8080);
        Assert.Contains(published, p => p.Service == StackComponents.Cadvisor && p.HostPort == 8081);
        Assert.Equal(ContractPorts, published.Select(p => p.HostPort).Order());
    }

    [Fact]
    public async Task Setup_Compose_MountsRenderedFilesThatExist()
    {
        var services = await RenderServicesAsync();

        var relativeMounts = services.SelectMany(s => StackYaml.List(s.Value, "volumes").Cast<string>())
            .Where(v => v.StartsWith("./", StringComparison.Ordinal))
            .Select(v => v.Split(':')[0])
            .ToList();
        Assert.Contains("./prometheus.yml", relativeMounts);
        Assert.Contains("./alerts/alertmanager.yml", relativeMounts);
        Assert.Contains("./grafana/provisioning", relativeMounts);
        Assert.All(relativeMounts, mount => Assert.True(
            File.Exists(Path.Combine(_folder.Layout.Root, mount)) || Directory.Exists(Path.Combine(_folder.Layout.Root, mount)),
            $"{mount} is mounted but setup did not create it"));
    }

    [Fact]
    public async Task Setup_Compose_DeclaresEveryNamedVolumeItMounts()
    {
        await RenderServicesAsync();
        var compose = StackYaml.Parse(_folder.Read(StackLayout.ComposeFileName));

        var named = StackYaml.Map(compose, "services").Values
            .SelectMany(s => StackYaml.List(s, "volumes").Cast<string>())
            .Select(v => v.Split(':')[0])
            .Where(source => !source.StartsWith('.') && !source.StartsWith('/'))
            .Distinct()
            .ToList();
        Assert.NotEmpty(named);
        Assert.All(named, volume => Assert.True(StackYaml.Map(compose, "volumes").ContainsKey(volume), $"volume {volume} is not declared"));
    }

    [Fact]
    public async Task Setup_Compose_SupawatchMountsTheDockerSocketReadOnly_AndPrometheusHasTheLifecycleApi()
    {
        var services = await RenderServicesAsync();

        Assert.Contains("/var/run/docker.sock:/var/run/docker.sock:ro", StackYaml.List(services[StackComponents.Supawatch], "volumes").Cast<string>());
        var prometheus = StackYaml.List(services[StackComponents.Prometheus], "command").Cast<string>().ToList();
        Assert.Contains("--web.enable-lifecycle", prometheus);
        Assert.Contains(prometheus, a => a.StartsWith("--web.external-url=", StringComparison.Ordinal));
        var grafana = StackYaml.Map(services[StackComponents.Grafana], "environment");
        Assert.Equal(ComposeConfig.GrafanaPasswordMount, grafana["GF_SECURITY_ADMIN_PASSWORD__FILE"]);
    }

    [Fact]
    public async Task Setup_Compose_KeepsSecretsOutOfTheFile()
    {
        var input = StackTestFolder.Input(StackRuntime.Docker, grafanaPassword: "grafana-secret-value") with
        {
            Alerting = new() { SlackWebhookUrl = "https://hooks.slack.example/services/T0/B0/slack-secret" },
        };

        await _folder.SetupAsync(input);

        var compose = _folder.Read(StackLayout.ComposeFileName);
        Assert.DoesNotContain("slack-secret", compose, StringComparison.Ordinal);
        Assert.DoesNotContain("grafana-secret-value", compose, StringComparison.Ordinal);
        Assert.DoesNotContain("${SLACK_WEBHOOK_URL", compose, StringComparison.Ordinal);
        var supawatch = StackYaml.Map(StackYaml.Map(StackYaml.Parse(compose), "services"), "supawatch");
        Assert.Equal(["secrets/supawatch.env"], ((List<object>)supawatch["env_file"]).Cast<string>());
        Assert.True(File.Exists(Path.Combine(_folder.Layout.Root, "secrets", "supawatch.env")), "the env file compose reads was not written");
    }

    private async Task<Dictionary<object, object>> RenderServicesAsync()
    {
        var result = await _folder.SetupAsync(StackTestFolder.Input(StackRuntime.Docker));
        Assert.True(result.Ok, string.Join('\n', result.Errors));
        return StackYaml.Map(StackYaml.Parse(_folder.Read(StackLayout.ComposeFileName)), "services");
    }
}
