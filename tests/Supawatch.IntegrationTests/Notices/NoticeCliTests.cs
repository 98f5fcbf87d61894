using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Security;

namespace Supawatch.IntegrationTests.Notices;

/// <summary>
/// The <c>supawatch maintenance</c> and <c>supawatch incident</c> verbs, each a real process, against a real
/// <c>supawatch serve</c> child process (a two-instance fleet from <see cref="FakeDockerEngine"/>, ids hidden on public
/// pages). The health interval is five minutes, so what the page and status.json show within seconds of a verb was
/// published by the notice change itself, not by a health round.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class NoticeCliTests : IAsyncLifetime
{
    private const string Token = "notice-cli-test-token";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private string _root = "";

    public Task InitializeAsync()
    {
        _root = TempDirectory.Create("noticecli");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await TempDirectory.DeleteAsync(_root);

    [Fact]
    public async Task MaintenanceAndIncidentVerbs_AgainstARunningServe_ShowOnThePageAtOnce_WithoutIds()
    {
        await using var engine = await FakeDockerEngine.StartAsync(Path.Combine(_root, "docker.sock"),
            new Dictionary<string, int> { ["c1_app_1_kong"] = FreePort.Next(), ["c2_app_1_kong"] = FreePort.Next() });
        var dataDir = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        var metricsListen = $"127.0.0.1:{FreePort.Next()}";
        var statusUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var environment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = engine.DockerHost,
            ["HEALTH_CHECK_INTERVAL"] = "300",
            ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
            ["SUPAWATCH_DATA_DIR"] = dataDir,
            ["SUPAWATCH_LOG_DIR"] = Path.Combine(_root, "logs"),
            ["SUPAWATCH_METRICS_LISTEN"] = metricsListen,
            ["SUPAWATCH_STATUS_LISTEN"] = statusUrl["http://".Length..],
            ["SUPAWATCH_STATUS_HIDE_IDS"] = "true",
            ["SUPAWATCH_AUTH_TOKEN"] = Token,
            // Nothing listens there: the window applies on the page while the silence is retried.
            ["ALERTMANAGER_URL"] = $"http://127.0.0.1:{FreePort.Next()}",
        };
        var dll = SecretsNeverShownTests.SupawatchDll();
        await using var server = ServerProcess.Start("dotnet", [dll, "serve"], Path.Combine(_root, "serve.log"), environment);
        var statusJson = Path.Combine(dataDir, "status.json");
        await UntilAsync(server, () => Task.FromResult(File.Exists(statusJson) && File.ReadAllText(statusJson).Contains("\"c2_app_1\"", StringComparison.Ordinal)),
            "the first round in status.json");
        var round = Round(statusJson);

        async Task<ProcessResult> Cli(params string[] arguments) =>
            await ProcessRunner.TryRunAsync("dotnet", [dll, .. arguments], TimeSpan.FromSeconds(60), environment);

        var scheduled = await Cli("maintenance", "add", "--instance", "c1_app_1", "--duration", "1h", "--note", "kernel <b>update</b>");
        Assert.True(scheduled.ExitCode == 0, scheduled.Describe());
        var windowId = WindowId().Match(scheduled.StandardOutput).Groups[1].Value;
        Assert.Contains("instance c1_app_1, in progress", scheduled.StandardOutput, StringComparison.Ordinal);

        var page = await UntilPageAsync(server, statusUrl, html => html.Contains("id=\"maintenance-" + windowId + "\"", StringComparison.Ordinal), "the window on the overview");
        Assert.Contains("kernel &lt;b&gt;update&lt;/b&gt;", page, StringComparison.Ordinal);
        Assert.Contains("instance <strong>Instance 1</strong>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("c1_app_1", page, StringComparison.Ordinal);
        Assert.Contains("\"maintenance\"", await File.ReadAllTextAsync(statusJson), StringComparison.Ordinal);
        Assert.Equal(round, Round(statusJson));

        var overlap = await Cli("maintenance", "add", "--instance", "c1_app_1", "--duration", "30m");
        Assert.True(overlap.ExitCode == 1, overlap.Describe());
        Assert.Contains("overlaps maintenance window", overlap.StandardError, StringComparison.Ordinal);
        var unknown = await Cli("maintenance", "add", "--instance", "ghost_app_9", "--duration", "30m");
        Assert.True(unknown.ExitCode == 1, unknown.Describe());
        Assert.Contains("unknown instance 'ghost_app_9'", unknown.StandardError, StringComparison.Ordinal);

        var opened = await Cli("incident", "open", "--instance", "c2_app_1", "--title", "API errors", "--message", "Looking into it");
        Assert.True(opened.ExitCode == 0, opened.Describe());
        var incidentId = IncidentId().Match(opened.StandardOutput).Groups[1].Value;
        Assert.True((await Cli("incident", "update", incidentId, "--status", "identified", "--message", "A full disk")).ExitCode == 0);
        var closed = await Cli("incident", "close", incidentId, "--message", "Space freed");
        Assert.True(closed.ExitCode == 0, closed.Describe());
        Assert.Contains("[resolved]", closed.StandardOutput, StringComparison.Ordinal);

        page = await UntilPageAsync(server, statusUrl, html => html.Contains("Space freed", StringComparison.Ordinal), "the incident's last update on the overview");
        var report = page[page.IndexOf("id=\"report-" + incidentId + "\"", StringComparison.Ordinal)..];
        Assert.True(report.IndexOf("Space freed", StringComparison.Ordinal) < report.IndexOf("A full disk", StringComparison.Ordinal)
                    && report.IndexOf("A full disk", StringComparison.Ordinal) < report.IndexOf("Looking into it", StringComparison.Ordinal), "the timeline, newest first");
        Assert.Contains("instance <strong>Instance 2</strong>", report, StringComparison.Ordinal);
        Assert.DoesNotContain("c2_app_1", page, StringComparison.Ordinal);
        var listed = await Cli("incident", "list");
        Assert.Contains($"{incidentId}  [resolved] instance c2_app_1: API errors", listed.StandardOutput, StringComparison.Ordinal);

        var publicJson = await Http.GetStringAsync(statusUrl + "/status/api/status.json");
        Assert.Contains("\"target_id\":\"instance-1\"", publicJson, StringComparison.Ordinal);
        Assert.DoesNotContain("c1_app_1", publicJson, StringComparison.Ordinal);
        Assert.DoesNotContain("c2_app_1", publicJson, StringComparison.Ordinal);

        using (var badge = await Http.GetAsync(statusUrl + "/status/badge/instance/c1_app_1/status.svg"))
        {
            Assert.Equal(HttpStatusCode.NotFound, badge.StatusCode);
        }

        var removed = await Cli("maintenance", "remove", windowId);
        Assert.True(removed.ExitCode == 0, removed.Describe());
        await UntilPageAsync(server, statusUrl, html => !html.Contains("id=\"maintenance-", StringComparison.Ordinal), "the window gone from the overview");
        Assert.Contains("no maintenance windows", (await Cli("maintenance", "list")).StandardOutput, StringComparison.Ordinal);
        Assert.Equal(round, Round(statusJson));

        var anonymous = await ProcessRunner.TryRunAsync("dotnet", [dll, "maintenance", "list"], TimeSpan.FromSeconds(60),
            new Dictionary<string, string>(environment) { ["SUPAWATCH_AUTH_TOKEN"] = "wrong-token" });
        Assert.True(anonymous.ExitCode == 1, anonymous.Describe());
        Assert.DoesNotContain(Token, anonymous.StandardOutput + anonymous.StandardError, StringComparison.Ordinal);
    }

    private static long Round(string statusJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(statusJson));
        return document.RootElement.GetProperty("round").GetInt64();
    }

    private static async Task<string> UntilPageAsync(ServerProcess server, string statusUrl, Func<string, bool> condition, string what)
    {
        var html = "";
        await UntilAsync(server, async () =>
        {
            html = await Http.GetStringAsync(statusUrl + "/status?lang=en");
            return condition(html);
        }, what);
        return html;
    }

    private static async Task UntilAsync(ServerProcess server, Func<Task<bool>> condition, string what)
    {
        try
        {
            await Wait.UntilAsync(async () =>
            {
                Assert.False(server.HasExited, "supawatch serve exited");
                try
                {
                    return await condition();
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(30), what, TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- supawatch log ---\n{server.LogTail()}", ex);
        }
    }

    [GeneratedRegex(@"maintenance window (\d+) scheduled")]
    private static partial Regex WindowId();

    [GeneratedRegex(@"incident (\d+) opened")]
    private static partial Regex IncidentId();
}
