using System.Diagnostics;
using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Stack;

/// <summary>
/// The native runtime's supervisor giving up: a component that dies again at every start is restarted with a growing
/// backoff, then marked <c>crash loop</c> and left down — reported by <c>stack status</c>, said in its log, no process
/// left spinning. Short limits through the documented SUPAWATCH_RESTART_* variables.
/// </summary>
public sealed class NativeSupervisionTests(ITestOutputHelper log) : IAsyncLifetime
{
    private readonly NativeStackRun _stack = new("supervise");

    public Task InitializeAsync()
    {
        NativeStackRun.RequireTools();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _stack.StopAndRemoveAsync();

    [Fact]
    public async Task Native_ComponentDiesAtEveryStart_IsRestartedWithBackoff_ThenMarkedCrashLoopAndStopped()
    {
        var cli = _stack.Cli(new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = "unix:///nonexistent/docker.sock",
            ["SUPAWATCH_RESTART_BACKOFF"] = "1",
            ["SUPAWATCH_RESTART_LIMIT"] = "3",
            ["SUPAWATCH_RESTART_STABLE"] = "120",
        });
        // Exit 1: Supawatch runs degraded (no Docker engine here), which this test does not need.
        var setup = await cli.SetupAsync();
        Assert.Matches(@"starting prometheus on \S+ \.\.\. ready in", setup.StandardOutput);
        var prometheus = cli.Pids()["prometheus"];
        // From now on Prometheus exits at start (a broken configuration), so every restart dies at once.
        await File.AppendAllTextAsync(Path.Combine(cli.Directory, "prometheus.yml"), "scrape_configs: [ {\n");

        Signals.Send(prometheus, 9);
        var clock = Stopwatch.StartNew();
        var supervisorPid = Path.Combine(cli.Directory, "run", "prometheus.supervisor");
        await Wait.UntilAsync(() => Task.FromResult(!File.Exists(supervisorPid)), TimeSpan.FromSeconds(30), "the supervisor to give up", TimeSpan.FromMilliseconds(200));
        log.WriteLine($"FIGURES supervision: prometheus crash loop (limit 3, backoff 1 s doubling) given up after {clock.Elapsed.TotalSeconds:0.0} s");
        // Two restarts with 1 s and 2 s of backoff: no sooner than 3 s, and not spinning for long either.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(20));

        var status = await cli.RunAsync("status", "--json");
        Assert.True(status.ExitCode == 1, status.Describe());
        using var document = JsonDocument.Parse(status.StandardOutput);
        var entry = document.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("component").GetString() == "prometheus");
        Assert.Equal("crash loop", entry.GetProperty("state").GetString());
        Assert.Equal(2, entry.GetProperty("restarts").GetInt32());
        // Prometheus refuses a broken configuration with a non-zero exit code (2 in 2.42).
        Assert.Matches("^exit [1-9][0-9]*$", entry.GetProperty("last_exit").GetString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("pid").ValueKind);
        var table = await cli.RunAsync("status");
        Assert.Matches(@"(?m)^prometheus\s+crash loop\s+-\s", table.StandardOutput);
        Assert.Contains($"prometheus: crash loop, given up after 2 restarts (last: {entry.GetProperty("last_exit").GetString()})", table.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("crash loop, giving up", await File.ReadAllTextAsync(Path.Combine(cli.Directory, "logs", "prometheus.log")), StringComparison.Ordinal);
        Assert.DoesNotContain(cli.ProcessesUsingFolder(), pid => File.ReadAllText($"/proc/{pid}/cmdline").Contains("prometheus.yml", StringComparison.Ordinal));
        // The others were left alone.
        Assert.Matches(@"(?m)^alertmanager\s+running\s", table.StandardOutput);

        // Supawatch exports it: the series an alert or a dashboard can use.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync(
            async () =>
            {
                var metrics = await http.GetStringAsync(cli.SupawatchUrl + "/metrics");
                return metrics.Contains("supawatch_stack_component_crash_loop{component=\"prometheus\"} 1", StringComparison.Ordinal)
                    && metrics.Contains("supawatch_stack_component_restarts_total{component=\"prometheus\"} 2", StringComparison.Ordinal)
                    && metrics.Contains("supawatch_stack_component_crash_loop{component=\"alertmanager\"} 0", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(15), "Supawatch's /metrics to show Prometheus's crash loop", TimeSpan.FromMilliseconds(500));
    }
}
