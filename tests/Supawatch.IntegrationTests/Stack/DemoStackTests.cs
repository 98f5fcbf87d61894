using System.Diagnostics;
using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Stack;

/// <summary>
/// <c>stack setup --demo</c> under the native runtime: the real Prometheus and Alertmanager watch <c>supawatch demo</c>'s
/// simulated fleet, so an alert reaches Alertmanager (and a webhook) within a minute or two of setup, labelled
/// <c>fleet="simulated"</c>; the page and <c>/metrics</c> answer and say so; the shell's engine and master DB are never
/// read; <c>stack stop</c> leaves no process and no demo folder behind.
/// </summary>
public sealed class DemoStackTests(ITestOutputHelper log) : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly NativeStackRun _stack = new("demostack");

    public Task InitializeAsync()
    {
        NativeStackRun.RequireTools();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => _stack.StopAndRemoveAsync();

    [Fact]
    public async Task SetupDemo_Native_AlertFiresInAlertmanagerAndWebhook_SaidSimulated_StopLeavesNothing()
    {
        await using var sink = new HttpSink();
        var cli = _stack.Cli(new Dictionary<string, string>
        {
            // A real fleet's variables, pointing at nothing: the demo must not read them.
            ["DOCKER_HOST"] = $"unix://{_stack.Root}/no-such-engine.sock",
            ["MASTER_DB_URL"] = "postgres://nobody:not-a-secret@127.0.0.1:1/master",
            ["WEBHOOK_URL"] = sink.UrlFor("hook"),
            ["SUPAWATCH_ALERT_GROUP_WAIT"] = "1",
            ["SCRAPE_INTERVAL"] = "2",
            // The demo's temporary folder lands here, to be checked after stop.
            ["TMPDIR"] = _stack.Root,
        });

        var clock = Stopwatch.StartNew();
        var setup = await cli.SetupAsync("--demo");
        Assert.True(setup.ExitCode == 0, setup.Describe());
        var supawatch = cli.Pids()["supawatch"];
        var commandLine = File.ReadAllText($"/proc/{supawatch}/cmdline").Split('\0');
        Assert.Equal("demo", commandLine.SkipWhile(a => !a.EndsWith("supawatch.dll", StringComparison.Ordinal) && !a.EndsWith("/supawatch", StringComparison.Ordinal)).Skip(1).First());
        var environment = StackCli.EnvironmentOf(supawatch);
        Assert.False(environment.ContainsKey("MASTER_DB_URL"), "the real fleet's MASTER_DB_URL reached the demo");
        Assert.False(environment.ContainsKey("DOCKER_HOST"), "the real fleet's DOCKER_HOST reached the demo");
        Assert.Contains("SIMULATED fleet", await File.ReadAllTextAsync(Path.Combine(cli.Directory, "alerts", "alerting_rules.yml")), StringComparison.Ordinal);

        // The demo's first fault (demo_acme_2's Kong answers 503) starts 5 s in; the demo stack's for: is 15 s.
        JsonElement alert = default;
        await Wait.UntilAsync(
            async () =>
            {
                using var alerts = JsonDocument.Parse(await Http.GetStringAsync(cli.AlertmanagerUrl + "/api/v2/alerts"));
                var found = alerts.RootElement.EnumerateArray().FirstOrDefault(a =>
                    a.GetProperty("labels").TryGetProperty("alertname", out var name) && name.GetString() == "SupabaseKongDown"
                    && a.GetProperty("labels").TryGetProperty("instance_id", out var id) && id.GetString() == "demo_acme_2");
                alert = found.ValueKind == JsonValueKind.Undefined ? default : found.Clone();
                return found.ValueKind != JsonValueKind.Undefined;
            },
            TimeSpan.FromSeconds(120) - clock.Elapsed, "SupabaseKongDown for demo_acme_2 in Alertmanager", TimeSpan.FromSeconds(1));
        var inAlertmanager = clock.Elapsed;
        Assert.Equal("simulated", alert.GetProperty("labels").GetProperty("fleet").GetString());
        Assert.Equal("simulated", alert.GetProperty("labels").GetProperty("host").GetString());

        await Wait.UntilAsync(
            () => Task.FromResult(sink.Bodies.Any(b => b.Contains("SupabaseKongDown", StringComparison.Ordinal) && b.Contains("\"fleet\":\"simulated\"", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the webhook to receive SupabaseKongDown labelled fleet=simulated", TimeSpan.FromMilliseconds(500));
        log.WriteLine($"FIGURES demo stack: SupabaseKongDown in Alertmanager {inAlertmanager.TotalSeconds:0.0} s after 'stack setup --demo' began, at the webhook {clock.Elapsed.TotalSeconds:0.0} s");

        var metrics = await Http.GetStringAsync(cli.SupawatchUrl + "/metrics");
        Assert.Contains("supawatch_simulated_fleet 1", metrics, StringComparison.Ordinal);
        var page = await Http.GetStringAsync(cli.StatusUrl + "/status");
        Assert.Contains("Acme Corp (simulated)", page, StringComparison.Ordinal);
        Assert.Contains("Simulated fleet (supawatch demo)", page, StringComparison.Ordinal);
        Assert.Contains("SIMULATED FLEET", await File.ReadAllTextAsync(Path.Combine(cli.Directory, "logs", "supawatch.log")), StringComparison.Ordinal);

        var stop = await cli.RunAsync("stop");
        Assert.True(stop.ExitCode == 0, stop.Describe());
        await Wait.UntilAsync(() => Task.FromResult(cli.ProcessesUsingFolder().Count == 0), TimeSpan.FromSeconds(20), "every stack process to be gone");
        Assert.Empty(Directory.GetDirectories(_stack.Root, "supawatch-demo-*"));
        log.WriteLine($"FIGURES demo stack: whole test {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
