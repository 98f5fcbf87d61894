using System.Diagnostics;
using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Health;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Stack;

/// <summary>
/// Issue 22, end to end on real Docker Engine (<see cref="DockerEngineFixture"/>) with Debian's docker-compose 1.29:
/// the repository's Dockerfile, unchanged, builds; the image runs as non-root, turns healthy, and discovers a tenant
/// through the mounted socket (and says clearly on <c>/readyz</c>, without a restart loop, when no socket is mounted);
/// then <c>stack setup --runtime docker --without grafana,cadvisor</c> brings the stack up, every target of the
/// stack is up, the rules are evaluated, Alertmanager and the status page answer, and <c>stack stop</c> leaves no
/// container. No registry can be reached: <c>standin-images.sh</c> makes STAND-IN base and component images from
/// this machine's files under the official names (not the official images). Long (NativeAOT publish in the build).
/// </summary>
public sealed class ImageAndComposeStackTests(DockerEngineFixture engine, ITestOutputHelper output) : IClassFixture<DockerEngineFixture>, IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly string _root = TempDirectory.Create("image-compose");
    private StackCli? _cli;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_cli is not null)
        {
            await _cli.RunAsync("stop");
        }

        await TempDirectory.DeleteAsync(_root);
    }

    [Fact]
    public async Task DockerfileAndComposeStack_OnDockerEngine_BuildRunDiscoverAndStopCleanly()
    {
        var compose = RequiredTool.Find("docker-compose", "docker-compose");
        var repository = StatusApi.RepositoryRoot();
        var docker = File.Exists("/usr/bin/docker") ? "/usr/bin/docker" : RequiredTool.Find("docker", "docker.io");
        // The classic builder for both builds, so compose's 'up --build' reuses the layers 'docker build' made (the
        // Docker 28 client on PATH has no buildx, and a build inside compose has no --network host for apt-get).
        var shell = new Dictionary<string, string> { ["DOCKER_HOST"] = engine.DockerHost, ["DOCKER_BUILDKIT"] = "0", ["COMPOSE_DOCKER_CLI_BUILD"] = "0" };
        var total = Stopwatch.StartNew();

        // Stand-in images, then the Dockerfile as it is (--network host: the build's apt-get reaches the host's sources).
        var standIns = await ProcessRunner.RunAsync("bash", [
            Path.Combine(repository, "tests", "Supawatch.IntegrationTests", "Stack", "standin-images.sh"), Path.Combine(_root, "standin"),
            "prom/prometheus:v2.53.2", "prom/alertmanager:v0.27.0", "prom/node-exporter:v1.8.2"], TimeSpan.FromMinutes(10), shell);
        output.WriteLine($"{standIns.StandardOutput.Trim()} in {total.Elapsed.TotalSeconds:0} s");
        var build = Stopwatch.StartNew();
        var built = await ProcessRunner.TryRunAsync(docker, ["build", "--network", "host", "-t", "supawatch:local", repository], TimeSpan.FromMinutes(20), shell);
        Assert.True(built.ExitCode == 0, built.Describe());
        output.WriteLine($"FIGURES docker build (unchanged Dockerfile, NativeAOT): {build.Elapsed.TotalSeconds:0} s");
        Assert.Equal("1654", await engine.DockerAsync("image", "inspect", "--format", "{{.Config.User}}", "supawatch:local"));

        // The image alone: non-root, healthy, and it sees a tenant through the mounted socket.
        var tenant = await engine.RunHttpdAsync("123_app_456_kong");
        var port = FreePort.Next();
        var socketGroup = (await ProcessRunner.RunAsync("stat", ["-c", "%g", engine.SocketPath])).StandardOutput.Trim();
        await engine.RunAsync("supawatch-alone", "-v", $"{engine.SocketPath}:/var/run/docker.sock:ro", "--group-add", socketGroup, "-p", $"127.0.0.1:{port}:9200", "supawatch:local");
        await Wait.UntilAsync(async () => await engine.DockerAsync("inspect", "--format", "{{.State.Health.Status}}", "supawatch-alone") == "healthy",
            TimeSpan.FromMinutes(2), "the image's HEALTHCHECK to turn healthy", TimeSpan.FromSeconds(1));
        Assert.Equal("1654", await engine.DockerAsync("exec", "supawatch-alone", "bash", "-c", "echo $UID"));
        await Wait.UntilAsync(async () => (await Http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/instances")).Contains("123_app_456", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the container to discover the tenant through the mounted socket", TimeSpan.FromSeconds(1));

        // No socket mounted: /readyz says what to mount, and the container keeps running (no restart loop).
        var bare = FreePort.Next();
        await engine.RunAsync("supawatch-nosocket", "--restart", "unless-stopped", "-p", $"127.0.0.1:{bare}:9200", "supawatch:local");
        string readyz = "";
        await Wait.UntilAsync(async () =>
        {
            using var response = await Http.GetAsync($"http://127.0.0.1:{bare}/readyz");
            readyz = await response.Content.ReadAsStringAsync();
            return (int)response.StatusCode == 503 && readyz.Contains("docker.sock", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60), "/readyz to say the socket is missing", TimeSpan.FromSeconds(1));
        output.WriteLine($"/readyz without a socket: {readyz.Trim()}");
        Assert.Contains("mount it", readyz, StringComparison.Ordinal);

        // The socket mounted but not readable by the image's user (no --group-add): /readyz names the group to add.
        var unreadable = FreePort.Next();
        await engine.RunAsync("supawatch-nogroup", "--restart", "unless-stopped", "-v", $"{engine.SocketPath}:/var/run/docker.sock:ro", "-p", $"127.0.0.1:{unreadable}:9200", "supawatch:local");
        await Wait.UntilAsync(async () =>
        {
            using var response = await Http.GetAsync($"http://127.0.0.1:{unreadable}/readyz");
            readyz = await response.Content.ReadAsStringAsync();
            return (int)response.StatusCode == 503 && readyz.Contains("permission denied", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60), "/readyz to say the socket cannot be read", TimeSpan.FromSeconds(1));
        output.WriteLine($"/readyz with an unreadable socket: {readyz.Trim()}");
        Assert.Contains("--group-add", readyz, StringComparison.Ordinal);

        // Both say the same in their log, and neither restarts (no crash loop).
        await Task.Delay(TimeSpan.FromSeconds(5));
        foreach (var (name, says) in new[] { ("supawatch-nosocket", "mount it"), ("supawatch-nogroup", "permission denied on the socket") })
        {
            Assert.Equal("running 0", await engine.DockerAsync("inspect", "--format", "{{.State.Status}} {{.RestartCount}}", name));
            var log = await engine.TryCliAsync("logs", name);
            Assert.Contains(says, log.StandardOutput + log.StandardError, StringComparison.Ordinal);
        }

        await engine.RemoveAsync("supawatch-alone");
        await engine.RemoveAsync("supawatch-nosocket");
        await engine.RemoveAsync("supawatch-nogroup");

        // The compose stack through the CLI, on 127.0.0.1, without the images that cannot be had here.
        var stack = Stopwatch.StartNew();
        _cli = new StackCli(_root, shell);
        var rendered = await _cli.RunAsync("setup", "--no-start", "--runtime", "docker", "--without", "grafana,cadvisor",
            "--prometheus-port", $"{_cli.PrometheusPort}", "--alertmanager-port", $"{_cli.AlertmanagerPort}", "--grafana-port", $"{_cli.GrafanaPort}",
            "--node-exporter-port", $"{_cli.NodeExporterPort}", "--supawatch-port", $"{_cli.SupawatchPort}", "--status-port", $"{_cli.StatusPort}", "--cadvisor-port", $"{FreePort.Next()}");
        Assert.True(rendered.ExitCode == 0, rendered.Describe());

        // This machine is itself a container whose / is a private mount: node_exporter's /:/host:ro,rslave cannot be
        // mounted here (it can on a systemd host). An operator's edit, as docs/stack.md says; setup keeps edits.
        var composeFile = Path.Combine(_cli.Directory, "docker-compose.monitoring.yml");
        await File.WriteAllTextAsync(composeFile, (await File.ReadAllTextAsync(composeFile)).Replace("/:/host:ro,rslave", "/:/host:ro", StringComparison.Ordinal));
        var setup = await _cli.RunAsync("start");
        Assert.True(setup.ExitCode == 0, setup.Describe());
        Assert.Contains("every container is up and healthy", setup.StandardOutput, StringComparison.Ordinal);
        output.WriteLine($"FIGURES stack start (compose up, own health wait): {stack.Elapsed.TotalSeconds:0} s");

        string targets = "";
        await Wait.UntilAsync(async () =>
        {
            targets = await Http.GetStringAsync($"{_cli.PrometheusUrl}/api/v1/targets?state=active");
            var active = JsonDocument.Parse(targets).RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray()
                .Where(t => t.GetProperty("labels").GetProperty("job").GetString() is "prometheus" or "supawatch" or "node-exporter").ToList();
            return active.Count == 3 && active.All(t => t.GetProperty("health").GetString() == "up");
        }, TimeSpan.FromMinutes(2), "Prometheus, Supawatch and node_exporter targets to be up", TimeSpan.FromSeconds(2));
        var rules = JsonDocument.Parse(await Http.GetStringAsync($"{_cli.PrometheusUrl}/api/v1/rules")).RootElement.GetProperty("data").GetProperty("groups");
        Assert.Contains(rules.EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()), r => r.GetProperty("name").GetString() == "SupabaseInstanceDown");
        // Every group that runs at least once a minute has been evaluated without error. The SLO budget group runs every
        // 5 minutes (its first run can be that far off); it is loaded here and evaluated by SloRuleTests with promtool.
        await Wait.UntilAsync(async () => JsonDocument.Parse(await Http.GetStringAsync($"{_cli.PrometheusUrl}/api/v1/rules")).RootElement.GetProperty("data").GetProperty("groups")
            .EnumerateArray().Where(g => g.GetProperty("interval").GetDouble() <= 60)
            .All(g => !g.GetProperty("lastEvaluation").GetString()!.StartsWith("0001", StringComparison.Ordinal)
                      && g.GetProperty("rules").EnumerateArray().All(r => r.GetProperty("health").GetString() == "ok")),
            TimeSpan.FromMinutes(2), "every rule group of a minute or less to be evaluated without error", TimeSpan.FromSeconds(2));
        var alertmanagers = await Http.GetStringAsync($"{_cli.PrometheusUrl}/api/v1/alertmanagers");
        Assert.Contains("alertmanager:9093", alertmanagers, StringComparison.Ordinal);
        using (var ready = await Http.GetAsync($"{_cli.AlertmanagerUrl}/-/ready"))
        {
            Assert.True(ready.IsSuccessStatusCode, $"Alertmanager answered {(int)ready.StatusCode}");
        }

        using (var page = await Http.GetAsync($"{_cli.StatusUrl}/status"))
        {
            Assert.True(page.IsSuccessStatusCode, $"the status page answered {(int)page.StatusCode}");
        }

        var status = await _cli.RunAsync("status");
        Assert.True(status.ExitCode == 0, status.Describe());
        output.WriteLine(status.StandardOutput);

        var stop = await _cli.RunAsync("stop");
        Assert.True(stop.ExitCode == 0, stop.Describe());
        _cli = null;
        Assert.Equal("", await engine.DockerAsync("ps", "-aq", "--filter", "label=com.docker.compose.project=supawatch-monitoring"));
        var composeVersion = (await ProcessRunner.RunAsync(compose, ["version", "--short"])).StandardOutput.Trim();
        output.WriteLine($"FIGURES whole test: {total.Elapsed.TotalMinutes:0.0} min; docker-compose {composeVersion}, engine {await engine.DockerAsync("version", "--format", "{{.Server.Version}}")}; tenant {tenant.Name}");
    }
}
