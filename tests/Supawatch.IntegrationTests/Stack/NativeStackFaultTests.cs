using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Stack;

/// <summary>Bad input for the native runtime: each fails naming the component and the fix, and nothing is left running.</summary>
public sealed class NativeStackFaultTests : IAsyncLifetime
{
    private readonly string _root = TempDirectory.Create("stack-fault");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await TempDirectory.DeleteAsync(_root);

    [Fact]
    public async Task Native_PortTaken_FailsNamingTheComponentAndPort_AndStartsNothing()
    {
        RequiredTool.Find("prometheus", "prometheus");
        var cli = new StackCli(_root, new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" });
        using var taken = StackCli.Occupy(cli.PrometheusPort);

        var setup = await cli.SetupAsync();

        Assert.True(setup.ExitCode == 1, setup.Describe());
        Assert.Contains($"prometheus: port {cli.PrometheusPort} on 127.0.0.1 is already in use", setup.StandardError, StringComparison.Ordinal);
        Assert.Contains("--prometheus-port", setup.StandardError, StringComparison.Ordinal);
        Assert.Contains("nothing was started", setup.StandardError, StringComparison.Ordinal);
        Assert.Empty(cli.Pids());
        Assert.Empty(cli.ProcessesUsingFolder());
    }

    [Fact]
    public async Task Native_ComponentFailsToStart_StopsWhatStartedAndPointsAtTheLog()
    {
        RequiredTool.Find("prometheus", "prometheus");
        var cli = new StackCli(_root, new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock" });
        var setup = await cli.SetupAsync("--no-start");
        Assert.True(setup.ExitCode == 0, setup.Describe());
        // A configuration broken after setup: Prometheus exits right after start, once the others are up.
        await File.AppendAllTextAsync(Path.Combine(cli.Directory, "prometheus.yml"), "scrape_configs: [ {\n");

        var start = await cli.RunAsync("start");

        Assert.True(start.ExitCode == 1, start.Describe());
        Assert.Contains("error: prometheus: exited during start", start.StandardError, StringComparison.Ordinal);
        Assert.Contains("starting alertmanager", start.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(cli.Directory, "logs", "prometheus.log"), start.StandardError, StringComparison.Ordinal);
        Assert.Contains("nothing is left running", start.StandardError, StringComparison.Ordinal);
        await Wait.UntilAsync(() => Task.FromResult(cli.ProcessesUsingFolder().Count == 0), TimeSpan.FromSeconds(20), "no process left on the folder");
        Assert.Empty(cli.Pids());
    }

    [Fact]
    public async Task Native_MissingBinaries_NameTheDebianPackages_AndStartNothing()
    {
        var cli = new StackCli(_root, new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock",
            ["PATH"] = Path.Combine(_root, "empty-bin"),
        });

        var setup = await cli.SetupAsync();

        Assert.True(setup.ExitCode == 1, setup.Describe());
        Assert.Contains("install the Debian package prometheus ", setup.StandardError, StringComparison.Ordinal);
        Assert.Contains("install the Debian package prometheus-node-exporter", setup.StandardError, StringComparison.Ordinal);
        Assert.Contains("not validated: promtool is not installed", setup.StandardError, StringComparison.Ordinal);
        Assert.Empty(cli.ProcessesUsingFolder());
    }

    [Fact]
    public async Task Start_WithoutSetup_SaysToRunSetupFirst()
    {
        var cli = new StackCli(_root, new Dictionary<string, string>());

        var start = await cli.RunAsync("start");

        Assert.Equal(1, start.ExitCode);
        Assert.Contains("run 'supawatch stack setup", start.StandardError, StringComparison.Ordinal);
    }
}
