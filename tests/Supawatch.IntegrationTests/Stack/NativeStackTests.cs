using System.Net.Http.Json;
using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Stack;

/// <summary>
/// The native runtime end to end on a clean folder: the real Prometheus, Alertmanager and node_exporter from
/// PATH and the built Supawatch watching real Docker Engine tenants; setup, a crash, restart and stop.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class NativeStackTests(DockerEngineFixture engine, ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly NativeStackRun _stack = new("stack");

    public Task InitializeAsync()
    {
        NativeStackRun.RequireTools();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _stack.StopAndRemoveAsync();

    [Fact]
    public async Task Native_SetupCrashRestartStop_AnswersScrapesSeesTenantsAndLeavesNothingBehind()
    {
        var kong = await engine.RunHttpdAsync("stk_app_1_kong");
        try
        {
            var cli = _stack.Cli(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["SCRAPE_INTERVAL"] = "1",
                ["HEALTH_CHECK_INTERVAL"] = "2",
                ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
            });

            var setup = await cli.SetupAsync();
            Assert.True(setup.ExitCode == 0, setup.Describe());
            Assert.Contains("created   prometheus.yml", setup.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("grafana: skipped", setup.StandardOutput, StringComparison.Ordinal);
            var first = cli.Pids();
            Assert.Equal(["alertmanager", "node-exporter", "prometheus", "supawatch"], first.Keys.Order());
            Assert.All(first.Values, pid => Assert.True(StackCli.IsAlive(pid)));
            await AssertAllAnswerAsync(cli);
            await AssertStatusAsync(cli, expectRunning: true);

            await WaitTargetsUpAsync(cli, "supawatch", "node-exporter");
            await Wait.UntilAsync(
                async () => (await Http.GetStringAsync(cli.SupawatchUrl + "/api/v1/instances")).Contains("\"stk_app_1\"", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30), "Supawatch to list the tenant stk_app_1");
            await Wait.UntilAsync(
                async () => (await ActiveTargetsAsync(cli)).Any(t => t.GetProperty("labels").TryGetProperty("instance_id", out var id) && id.GetString() == "stk_app_1"),
                TimeSpan.FromSeconds(60), "Prometheus to discover the tenant's Kong through Supawatch");

            // A component that dies is started again by its supervisor within its first backoff (1 s), Prometheus
            // scrapes it again, and status says it restarted and how it died; start leaves everything alone.
            Signals.Send(first["node-exporter"], 9);
            var killed = DateTimeOffset.UtcNow;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Wait.UntilAsync(
                () => Task.FromResult(cli.Pids().TryGetValue("node-exporter", out var pid) && pid != first["node-exporter"] && StackCli.IsAlive(pid)),
                TimeSpan.FromSeconds(10), "node_exporter to be restarted by its supervisor", TimeSpan.FromMilliseconds(100));
            var back = clock.Elapsed;
            await WaitTargetsUpAsync(cli, killed.AddSeconds(1), "node-exporter");
            log.WriteLine($"FIGURES supervision: node_exporter SIGKILLed, running again in {back.TotalSeconds:0.0} s, scraped up again in {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.True(back < TimeSpan.FromSeconds(5), $"back after {back}, more than its 1 s backoff allows");
            var afterCrash = await cli.RunAsync("status");
            Assert.True(afterCrash.ExitCode == 0, afterCrash.Describe());
            Assert.Matches(@"(?m)^node-exporter\s+running\s+\d+\s+\S+\s+\S+\s+1\s+signal 9\s+\d{4}-", afterCrash.StandardOutput);
            Assert.Matches(@"(?m)^prometheus\s+running\s+\d+\s+\S+\s+\S+\s+0\s+-\s", afterCrash.StandardOutput);
            var restartCrashed = await cli.RunAsync("start");
            Assert.True(restartCrashed.ExitCode == 0, restartCrashed.Describe());
            Assert.Contains("node-exporter: already running", restartCrashed.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("prometheus: already running", restartCrashed.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(first["prometheus"], cli.Pids()["prometheus"]);

            // Setup again on the running stack: nothing changed, so nothing is restarted.
            var running = cli.Pids();
            var rerun = await cli.SetupAsync();
            Assert.True(rerun.ExitCode == 0, rerun.Describe());
            Assert.Contains("no file changed", rerun.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(running, cli.Pids());

            var beforeRestart = cli.Pids();
            var restart = await cli.RunAsync("restart");
            Assert.True(restart.ExitCode == 0, restart.Describe());
            await StackCli.WaitGoneAsync(beforeRestart.Values, "the processes from before the restart to be gone");
            var second = cli.Pids();
            Assert.Equal(beforeRestart.Keys.Order(), second.Keys.Order());
            Assert.All(second, p => Assert.NotEqual(beforeRestart[p.Key], p.Value));
            await AssertAllAnswerAsync(cli);
            await AssertStatusAsync(cli, expectRunning: true);
            await WaitTargetsUpAsync(cli, "supawatch", "node-exporter");

            var stop = await cli.RunAsync("stop");
            Assert.True(stop.ExitCode == 0, stop.Describe());
            await StackCli.WaitGoneAsync(second.Values, "every component to exit after stop");
            Assert.Empty(cli.Pids());
            Assert.Empty(cli.ProcessesUsingFolder());
            await AssertStatusAsync(cli, expectRunning: false);

            var stopAgain = await cli.RunAsync("stop");
            Assert.True(stopAgain.ExitCode == 0, stopAgain.Describe());
            Assert.Contains("prometheus: not running", stopAgain.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    private static async Task AssertAllAnswerAsync(StackCli cli)
    {
        foreach (var url in new[] { cli.PrometheusUrl + "/-/ready", cli.AlertmanagerUrl + "/-/ready", cli.NodeExporterUrl + "/metrics", cli.SupawatchUrl + "/healthz", cli.StatusUrl + "/status" })
        {
            using var response = await Http.GetAsync(url);
            Assert.True(response.IsSuccessStatusCode, $"{url} answered {(int)response.StatusCode}");
        }
    }

    private static async Task AssertStatusAsync(StackCli cli, bool expectRunning)
    {
        var status = await cli.RunAsync("status");
        Assert.True(status.ExitCode == (expectRunning ? 0 : 1), status.Describe());
        foreach (var (component, url) in new[] { ("prometheus", cli.PrometheusUrl), ("alertmanager", cli.AlertmanagerUrl), ("node-exporter", cli.NodeExporterUrl), ("supawatch", cli.SupawatchUrl) })
        {
            var state = expectRunning ? "running" : "stopped";
            Assert.Matches($@"(?m)^{component}\s+{state}\s+\S+\s+{url.Replace(".", "\\.", StringComparison.Ordinal)}\s+\d+\.\d+", status.StandardOutput);
        }
    }

    private static Task WaitTargetsUpAsync(StackCli cli, params string[] jobs) => WaitTargetsUpAsync(cli, DateTimeOffset.MinValue, jobs);

    /// <summary>Until each job's target was scraped successfully after <paramref name="since"/>.</summary>
    private static async Task WaitTargetsUpAsync(StackCli cli, DateTimeOffset since, params string[] jobs) =>
        await Wait.UntilAsync(
            async () =>
            {
                var targets = await ActiveTargetsAsync(cli);
                return jobs.All(job => targets.Any(t => t.GetProperty("labels").GetProperty("job").GetString() == job && t.GetProperty("health").GetString() == "up"
                    && t.GetProperty("lastScrape").GetDateTimeOffset() > since));
            },
            TimeSpan.FromSeconds(60),
            $"Prometheus to scrape {string.Join(" and ", jobs)} with health up",
            TimeSpan.FromMilliseconds(500));

    private static async Task<List<JsonElement>> ActiveTargetsAsync(StackCli cli)
    {
        var document = await Http.GetFromJsonAsync<JsonElement>(cli.PrometheusUrl + "/api/v1/targets?state=active");
        return document.GetProperty("data").GetProperty("activeTargets").EnumerateArray().ToList();
    }
}
