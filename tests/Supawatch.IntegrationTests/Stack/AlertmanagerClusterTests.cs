using System.Net.Http.Json;
using System.Text.Json;
using Supawatch.Alerting;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Stack;

namespace Supawatch.IntegrationTests.Stack;

/// <summary>
/// Two real Alertmanagers run with the command lines <c>stack setup</c> renders for a cluster of two (everything on
/// 127.0.0.1, gossip advertised there too): they find each other and share a silence. Setup's own promtool and amtool
/// checks must pass on the folders, whose prometheus.yml lists both members.
/// </summary>
public sealed class AlertmanagerClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly string _root = TempDirectory.Create("amcluster");
    private readonly List<ServerProcess> _started = [];

    public Task InitializeAsync()
    {
        RequiredTool.Find("prometheus-alertmanager", "prometheus-alertmanager");
        RequiredTool.Find("amtool", "prometheus-alertmanager");
        RequiredTool.Find("promtool", "prometheus");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // Only the processes this test started, each by its PID.
        foreach (var server in _started)
        {
            await server.DisposeAsync();
        }

        await TempDirectory.DeleteAsync(_root);
    }

    [Fact]
    public async Task NativeArguments_TwoPeersOnLoopback_FormOneClusterAndShareASilence()
    {
        var (gossipA, gossipB) = (FreePort.Next(), FreePort.Next());
        var a = await SetupAsync("a", gossipA, gossipB);
        var b = await SetupAsync("b", gossipB, gossipA);

        var serverA = await StartAlertmanagerAsync(a);
        var serverB = await StartAlertmanagerAsync(b);
        await WaitPeersAsync(a, serverA, $"127.0.0.1:{gossipA}", $"127.0.0.1:{gossipB}");
        await WaitPeersAsync(b, serverB, $"127.0.0.1:{gossipA}", $"127.0.0.1:{gossipB}");

        var silence = new
        {
            matchers = new[] { new { name = "alertname", value = "SupabaseKongDown", isRegex = false, isEqual = true } },
            startsAt = DateTime.UtcNow,
            endsAt = DateTime.UtcNow.AddHours(1),
            createdBy = "AlertmanagerClusterTests",
            comment = "gossip check",
        };
        using var posted = await Http.PostAsJsonAsync($"{a.Url}/api/v2/silences", silence);
        Assert.True(posted.IsSuccessStatusCode, $"POST /api/v2/silences on A: {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("silenceID").GetString()!;

        await WaitAsync(
            async () => (await Http.GetFromJsonAsync<JsonElement>($"{b.Url}/api/v2/silences")).EnumerateArray().Any(s => s.GetProperty("id").GetString() == id),
            () => $"silence {id} posted to Alertmanager A ({a.Url}) to reach B ({b.Url}) by gossip",
            serverB);
    }

    /// <summary>Renders a native stack folder whose Alertmanager gossips on <paramref name="gossip"/> with <paramref name="peer"/>.</summary>
    private async Task<Member> SetupAsync(string name, int gossip, int peer)
    {
        var options = new StackOptions
        {
            Bind = "127.0.0.1",
            PrometheusPort = FreePort.Next(),
            AlertmanagerPort = FreePort.Next(),
            NodeExporterPort = FreePort.Next(),
            SupawatchPort = FreePort.Next(),
            StatusPort = FreePort.Next(),
            AlertmanagerPeers = $"127.0.0.1:{peer}",
            AlertmanagerClusterListen = $"127.0.0.1:{gossip}",
            // Alertmanager would otherwise look for a private address to advertise; everything stays on loopback.
            AlertmanagerClusterAdvertise = $"127.0.0.1:{gossip}",
        };
        var errors = new List<string>();
        var cluster = AlertmanagerCluster.From(options, errors);
        Assert.Empty(errors);
        var layout = new StackLayout(Path.Combine(_root, name));
        var settings = new StackSettings(StackRuntime.Native, StackPorts.From(options), AlertmanagerCluster: cluster);

        var result = await new StackSetup(layout).RunAsync(new StackSetupInput(settings, options, new AlertingOptions(), TimeSpan.FromSeconds(30), []), force: false, CancellationToken.None);

        Assert.True(result.Ok, string.Join('\n', result.Errors));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("not validated", StringComparison.Ordinal));
        // Every member of the cluster in alerting.alertmanagers (here on one host, so both on this stack's API port).
        Assert.Contains($"- 127.0.0.1:{options.AlertmanagerPort}", await File.ReadAllTextAsync(layout.PrometheusFile), StringComparison.Ordinal);
        Assert.Equal(cluster!.Peers, StackSettings.Load(layout.Root)!.AlertmanagerCluster!.Peers);

        var alertmanager = NativeComponents.Plan(layout, settings, ["supawatch"]).Single(c => c.Name == StackComponents.Alertmanager);
        return new Member(layout, alertmanager);
    }

    private async Task<ServerProcess> StartAlertmanagerAsync(Member member)
    {
        var command = member.Component.ResolveCommand() ?? throw new InvalidOperationException("prometheus-alertmanager not found on PATH");
        Assert.Contains(command, a => a.StartsWith("--cluster.peer=127.0.0.1:", StringComparison.Ordinal));
        Directory.CreateDirectory(member.Layout.ComponentData(StackComponents.Alertmanager));
        var server = await ServerProcess.StartReadyAsync(
            $"Alertmanager {member.Url}", command[0], command.Skip(1), Path.Combine(member.Layout.Root, "alertmanager.log"), member.Url, Timeout);
        _started.Add(server);
        return server;
    }

    private static async Task WaitPeersAsync(Member member, ServerProcess server, params string[] expected)
    {
        string[] seen = [];
        await WaitAsync(
            async () =>
            {
                var status = await Http.GetFromJsonAsync<JsonElement>($"{member.Url}/api/v2/status");
                seen = [.. status.GetProperty("cluster").GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("address").GetString()!).Order(StringComparer.Ordinal)];
                return seen.SequenceEqual(expected.Order(StringComparer.Ordinal));
            },
            () => $"{member.Url}/api/v2/status to report the 2 peers {string.Join(", ", expected)} (last seen: [{string.Join(", ", seen)}])",
            server);
    }

    /// <summary>A bounded wait whose failure carries what was expected and the end of the server's log at that moment.</summary>
    private static async Task WaitAsync(Func<Task<bool>> condition, Func<string> what, ServerProcess server)
    {
        try
        {
            await Wait.UntilAsync(condition, Timeout, "the condition");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} That is: {what()}; log:\n{server.LogTail()}", ex);
        }
    }

    private sealed record Member(StackLayout Layout, NativeComponent Component)
    {
        public string Url => Component.Url;
    }
}
