using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Stack;

/// <summary>
/// Issue 30: a stack folder is the whole truth about its stack. Each case runs the built CLI as an operator types it,
/// on the native runtime with the real Prometheus, Alertmanager and node_exporter and real Docker Engine tenants: a
/// restart from a shell with other variables, a re-run without the flags it was set up with, a kept edit and a
/// broken rule file on a running stack, and a Supawatch that runs but sees no Docker engine.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class StackRecordTests(DockerEngineFixture engine) : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly NativeStackRun _stack = new("stack-record");

    public Task InitializeAsync()
    {
        NativeStackRun.RequireTools();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _stack.StopAndRemoveAsync();

    [Fact]
    public async Task Restart_FromAShellWithOtherVariables_SupawatchKeepsWatchingWhatSetupWasTold()
    {
        var kong = await engine.RunHttpdAsync("rec_app_1_kong");
        try
        {
            var cli = _stack.Cli(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["HEALTH_CHECK_INTERVAL"] = "2",
                ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
            });
            var setup = await cli.SetupAsync();
            Assert.True(setup.ExitCode == 0, setup.Describe());
            await WaitSeesTenantAsync(cli, "rec_app_1");

            // Another shell: DOCKER_HOST points elsewhere and HEALTH_CHECK_INTERVAL is something else.
            var otherShell = cli.InShell(new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock", ["HEALTH_CHECK_INTERVAL"] = "30" });
            var restart = await otherShell.RunAsync("restart");

            Assert.True(restart.ExitCode == 0, restart.Describe());
            var supawatch = cli.Pids()["supawatch"];
            var environment = StackCli.EnvironmentOf(supawatch);
            Assert.Equal(engine.DockerHost, environment["DOCKER_HOST"]);
            Assert.Equal("2", environment["HEALTH_CHECK_INTERVAL"]);
            await WaitSeesTenantAsync(cli, "rec_app_1");
            var status = await otherShell.RunAsync("status");
            Assert.True(status.ExitCode == 0, status.Describe());
            Assert.Matches(@"(?m)^supawatch\s+running", status.StandardOutput);
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    [Fact]
    public async Task SetupRerun_WithANewDockerHost_RestartsOnlySupawatch_AndStatusSaysItIsDegraded()
    {
        var cli = _stack.Cli(new Dictionary<string, string> { ["DOCKER_HOST"] = engine.DockerHost });
        var setup = await cli.SetupAsync();
        Assert.True(setup.ExitCode == 0, setup.Describe());
        var before = cli.Pids();

        // A variable given now wins over the record: Supawatch alone restarts, and now sees no Docker engine.
        var rerun = await cli.InShell(new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" }).RunAsync("setup");

        Assert.True(rerun.ExitCode == 1, rerun.Describe());
        Assert.Contains($"setting   DOCKER_HOST: {engine.DockerHost} -> unix:///nonexistent/docker.sock", rerun.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("supawatch: its settings changed; restarting", rerun.StandardOutput, StringComparison.Ordinal);
        var after = cli.Pids();
        Assert.NotEqual(before["supawatch"], after["supawatch"]);
        Assert.All(["prometheus", "alertmanager", "node-exporter"], c => Assert.Equal(before[c], after[c]));

        var status = await cli.InShell(new Dictionary<string, string>()).RunAsync("status");
        Assert.True(status.ExitCode == 1, status.Describe());
        Assert.Matches(@"(?m)^supawatch\s+degraded", status.StandardOutput);
        Assert.Matches(@"(?m)^prometheus\s+running", status.StandardOutput);
        Assert.Contains("supawatch is degraded", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Docker discovery", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("DOCKER_HOST", status.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetupRerun_WithoutFlags_KeepsCustomPortsRuntimeAndVariables_AndAFlagGivenNowWins()
    {
        var cli = new StackCli(_stack.Root, new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///srv/docker.sock", ["SCRAPE_INTERVAL"] = "7" });
        var setup = await cli.SetupAsync("--no-start", "--bind", "127.0.0.1");
        Assert.True(setup.ExitCode == 0, setup.Describe());
        var stackJson = await File.ReadAllTextAsync(Path.Combine(cli.Directory, "stack.json"));

        var bare = await cli.InShell(new Dictionary<string, string>()).RunAsync("setup", "--no-start");

        Assert.True(bare.ExitCode == 0, bare.Describe());
        Assert.Contains("runtime: native (recorded in stack.json", bare.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("no file changed", bare.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("setting   ", bare.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(stackJson, await File.ReadAllTextAsync(Path.Combine(cli.Directory, "stack.json")));
        var prometheusYml = await File.ReadAllTextAsync(Path.Combine(cli.Directory, "prometheus.yml"));
        Assert.Contains($"127.0.0.1:{cli.SupawatchPort}", prometheusYml, StringComparison.Ordinal);
        Assert.Contains("scrape_interval: 7s", prometheusYml, StringComparison.Ordinal);
        using (var settings = JsonDocument.Parse(stackJson))
        {
            Assert.Equal(cli.PrometheusPort, settings.RootElement.GetProperty("ports").GetProperty("prometheus").GetInt32());
            Assert.Equal("unix:///srv/docker.sock", settings.RootElement.GetProperty("variables").GetProperty("DOCKER_HOST").GetString());
        }

        var newPort = FreePort.Next();
        var moved = await cli.InShell(new Dictionary<string, string>()).RunAsync("setup", "--no-start", "--supawatch-port", $"{newPort}");

        Assert.True(moved.ExitCode == 0, moved.Describe());
        Assert.Contains($"setting   --supawatch-port: {cli.SupawatchPort} -> {newPort}", moved.StandardOutput, StringComparison.Ordinal);
        prometheusYml = await File.ReadAllTextAsync(Path.Combine(cli.Directory, "prometheus.yml"));
        Assert.Contains($"127.0.0.1:{newPort}", prometheusYml, StringComparison.Ordinal);
        Assert.Contains("scrape_interval: 7s", prometheusYml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetupRerun_KeptEditAndBrokenRule_RestartNothing_AndTheRunningStackKeepsItsConfiguration()
    {
        var cli = _stack.Cli(new Dictionary<string, string> { ["DOCKER_HOST"] = engine.DockerHost });
        var setup = await cli.SetupAsync();
        Assert.True(setup.ExitCode == 0, setup.Describe());
        var running = cli.Pids();
        var prometheusYml = Path.Combine(cli.Directory, "prometheus.yml");
        await File.AppendAllTextAsync(prometheusYml, "# my edit\n");

        // The edit is the user's: kept, FILE.new written, Prometheus reloads it (no restart).
        var first = await cli.RunAsync("setup");
        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Contains("kept      prometheus.yml", first.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("prometheus: its files changed; reloading ... reloaded", first.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(running, cli.Pids());

        // Again: the same FILE.new is no change, and nothing is restarted or reloaded.
        var again = await cli.RunAsync("setup");
        Assert.True(again.ExitCode == 0, again.Describe());
        Assert.Contains("kept      prometheus.yml", again.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("no file changed", again.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("every running component already runs this configuration", again.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("restarting", again.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("reloading", again.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(running, cli.Pids());

        // A rule file of the user's that promtool rejects: the running stack is left as it is, and setup says so.
        await File.WriteAllTextAsync(Path.Combine(cli.Directory, "alerts", "my_rules.yml"), "groups:\n  - name: mine\n    rules:\n      - alert: Mine\n        expr: up == = 0\n");
        var broken = await cli.RunAsync("setup");

        Assert.True(broken.ExitCode == 1, broken.Describe());
        Assert.Contains("alerts/my_rules.yml: 5:", broken.StandardError, StringComparison.Ordinal);
        Assert.Contains("the running stack keeps its last good configuration", broken.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("the stack was not started", broken.StandardError, StringComparison.Ordinal);
        Assert.Equal(running, cli.Pids());
        using var ready = await Http.GetAsync(cli.PrometheusUrl + "/-/ready");
        Assert.True(ready.IsSuccessStatusCode, $"Prometheus answered {(int)ready.StatusCode} after the refused setup");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task SetupAuto_NoComposeOrTooOld_ChoosesNativeAndSaysWhy_AndDebianCompose129IsUsed()
    {
        // A PATH with a real docker client (no compose plugin) whose engine answers: the real Docker Engine.
        var docker = RequiredTool.Find("docker", "docker.io");
        var bin = Directory.CreateDirectory(Path.Combine(_stack.Root, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "docker"), docker);
        var shell = new Dictionary<string, string> { ["PATH"] = bin, ["DOCKER_HOST"] = engine.DockerHost };
        var plugin = await ProcessRunner.TryRunAsync(docker, ["compose", "version"], environment: shell);
        Assert.True(plugin.ExitCode != 0, $"this machine's docker client has the compose plugin, so it cannot stand for Debian's docker.io: {plugin.Describe()}");
        var cli = new StackCli(_stack.Root, shell);

        var noCompose = await cli.RunAsync("setup", "--no-start");

        Assert.True(noCompose.ExitCode == 0, noCompose.Describe());
        Assert.Matches(@"runtime: native \(Docker engine \S+ answers, but there is no compose: 'docker compose' is not installed", noCompose.StandardOutput);
        Assert.Contains("\"runtime\": \"native\"", await File.ReadAllTextAsync(Path.Combine(cli.Directory, "stack.json")), StringComparison.Ordinal);

        // A docker-compose older than 1.27 (a script that answers as 1.25 did) cannot read the file: still native, and said so.
        var composeLink = Path.Combine(bin, "docker-compose");
        await File.WriteAllTextAsync(composeLink, "#!/bin/sh\necho 1.25.0\n");
        File.SetUnixFileMode(composeLink, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var oldCompose = await cli.RunAsync("setup", "--no-start", "--runtime", "auto");

        Assert.True(oldCompose.ExitCode == 0, oldCompose.Describe());
        Assert.Matches(@"runtime: native \(Docker engine \S+ answers, but the only compose is docker-compose 1\.25\.0, too old", oldCompose.StandardOutput);
        Assert.Contains("apt-get install docker-compose", oldCompose.StandardOutput, StringComparison.Ordinal);

        // Asked for docker anyway: start refuses, naming what is missing.
        var asked = await cli.RunAsync("setup", "--runtime", "docker");
        Assert.True(asked.ExitCode == 1, asked.Describe());
        Assert.Contains("docker runtime: Docker engine", asked.StandardError, StringComparison.Ordinal);
        Assert.Contains("--runtime native", asked.StandardError, StringComparison.Ordinal);

        // Without --runtime a re-run keeps what was recorded (docker now), instead of choosing again.
        var rerun = await cli.RunAsync("setup", "--no-start");
        Assert.True(rerun.ExitCode == 0, rerun.Describe());
        Assert.Contains("runtime: docker (recorded in stack.json", rerun.StandardOutput, StringComparison.Ordinal);

        // Debian's real docker-compose 1.29 on PATH: usable, without 'up --wait' (Supawatch waits on the health checks).
        File.Delete(composeLink);
        File.CreateSymbolicLink(composeLink, RequiredTool.Find("docker-compose", "docker-compose"));
        var debianCompose = await cli.RunAsync("setup", "--no-start", "--runtime", "auto");
        Assert.True(debianCompose.ExitCode == 0, debianCompose.Describe());
        Assert.Matches(@"runtime: docker \(Docker engine \S+ and docker-compose 1\.\d+\.\d+ answer \(no 'up --wait'", debianCompose.StandardOutput);
    }

    [Fact]
    public async Task SetupMonitoringScript_RestartWithPortFlags_RendersThemAndRestartsOnThem()
    {
        var cli = _stack.Cli(new Dictionary<string, string> { ["DOCKER_HOST"] = engine.DockerHost });
        var script = Path.Combine(Health.StatusApi.RepositoryRoot(), "scripts", "setup_monitoring.sh");
        var shell = new Dictionary<string, string> { ["SUPAWATCH_BIN"] = StackCli.Executable(), ["DOCKER_HOST"] = engine.DockerHost };

        var restart = await ProcessRunner.TryRunAsync("bash", [
            script, "--restart", "--runtime", "native", "--dir", cli.Directory,
            "--prometheus-port", $"{cli.PrometheusPort}", "--alertmanager-port", $"{cli.AlertmanagerPort}", "--grafana-port", $"{cli.GrafanaPort}",
            "--node-exporter-port", $"{cli.NodeExporterPort}", "--supawatch-port", $"{cli.SupawatchPort}", "--status-port", $"{cli.StatusPort}",
        ], TimeSpan.FromMinutes(3), shell);

        Assert.True(restart.ExitCode == 0, restart.Describe());
        Assert.DoesNotContain("Unrecognized command or argument", restart.StandardError, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^prometheus\s+running\s+\d+\s+{Regex.Escape(cli.PrometheusUrl)}", restart.StandardOutput);
        using var ready = await Http.GetAsync(cli.PrometheusUrl + "/-/ready");
        Assert.True(ready.IsSuccessStatusCode, $"Prometheus answered {(int)ready.StatusCode} on its custom port");
    }

    private static Task WaitSeesTenantAsync(StackCli cli, string instance) =>
        Wait.UntilAsync(
            async () => (await Http.GetStringAsync(cli.SupawatchUrl + "/sd")).Contains($"\"{instance}\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), $"Supawatch's /sd to list the tenant {instance}");
}
