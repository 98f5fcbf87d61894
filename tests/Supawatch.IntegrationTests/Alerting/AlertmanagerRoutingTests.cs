using System.Net.Http.Json;
using Supawatch.Alerting;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Alerting;

/// <summary>The rendered alertmanager.yml in a real Alertmanager: inhibition and per-organization routing.</summary>
public sealed class AlertmanagerRoutingTests(AlertmanagerFixture alertmanager) : IClassFixture<AlertmanagerFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task InstanceDown_SuppressesKongAndStudioOfTheSameInstanceOnly()
    {
        await using var http = new HttpSink();
        await alertmanager.StartAsync(AlertmanagerConfig.Render(AlertmanagerConfig.Build(new AlertingOptions { WebhookUrls = http.UrlFor("webhook") })));

        await PostAsync(
            Alert(AlertNames.InstanceDown, "critical", "a_app_1"),
            Alert(AlertNames.KongDown, "critical", "a_app_1"),
            Alert(AlertNames.StudioDown, "warning", "a_app_1"),
            Alert(AlertNames.KongDown, "critical", "b_app_2"));

        await Wait.UntilAsync(async () => (await StatesAsync()).Count(s => s.Value == "suppressed") == 2, TimeSpan.FromSeconds(20), "two suppressed alerts");
        var states = await StatesAsync();
        Assert.Equal("active", states[(AlertNames.InstanceDown, "a_app_1")]);
        Assert.Equal("suppressed", states[(AlertNames.KongDown, "a_app_1")]);
        Assert.Equal("suppressed", states[(AlertNames.StudioDown, "a_app_1")]);
        Assert.Equal("active", states[(AlertNames.KongDown, "b_app_2")]);
    }

    [Fact]
    public async Task HostOutage_SuppressesThePerInstanceAlertsOfItsHostOnly()
    {
        await using var http = new HttpSink();
        await alertmanager.StartAsync(AlertmanagerConfig.Render(AlertmanagerConfig.Build(new AlertingOptions { WebhookUrls = http.UrlFor("webhook") })));

        await PostAsync(
            Alert(AlertNames.HostOutage, "critical", "", host: "h1"),
            Alert(AlertNames.InstanceDown, "critical", "a_app_1", host: "h1"),
            Alert(AlertNames.KongDown, "critical", "a_app_2", host: "h1"),
            Alert(AlertNames.ContainerRestartingFrequently, "warning", "a_app_3", host: "h1"),
            Alert(AlertNames.TargetDown, "warning", "a_app_3", host: "h1"),
            Alert(AlertNames.KongDown, "critical", "b_app_1", host: "h2"));

        await Wait.UntilAsync(async () => (await StatesAsync()).Count(s => s.Value == "suppressed") == 4, TimeSpan.FromSeconds(20), "four suppressed alerts");
        var states = await StatesAsync();
        Assert.Equal("active", states[(AlertNames.HostOutage, "")]);
        Assert.Equal("active", states[(AlertNames.KongDown, "b_app_1")]);
    }

    [Theory]
    [InlineData("alertname=SupabaseHostOutage severity=critical host=h1", "critical")]
    [InlineData("alertname=SupabaseKongDown severity=critical host=h1 instance_id=a_app_1 org_id=o1", "org-o1,critical")]
    [InlineData("alertname=SupabaseStudioDown severity=warning host=h1 instance_id=a_app_1 org_id=o2", "warning")]
    public async Task AmtoolRoutesTest_HostOutageAndTenantAlerts_ReachTheirReceivers(string labels, string receivers)
    {
        var amtool = RequiredTool.Find("amtool", "prometheus-alertmanager");
        var dir = TempDirectory.Create("amroutes");
        try
        {
            var options = new AlertingOptions { WebhookUrls = "http://127.0.0.1:9/shared" };
            options.OrgWebhooks["o1"] = "http://127.0.0.1:9/acme";
            var file = Path.Combine(dir, AlertmanagerConfig.FileName);
            await File.WriteAllTextAsync(file, AlertmanagerConfig.Render(AlertmanagerConfig.Build(options)));

            var result = await ProcessRunner.TryRunAsync(amtool, ["config", "routes", "test", $"--config.file={file}", $"--verify.receivers={receivers}", .. labels.Split(' ')]);

            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Equal(receivers, result.StandardOutput.Trim());
        }
        finally
        {
            await TempDirectory.DeleteAsync(dir);
        }
    }

    [Fact]
    public async Task OrgWebhook_GetsItsOrgsAlerts_AndTheSharedChannelsStillDo()
    {
        await using var http = new HttpSink();
        var options = new AlertingOptions { WebhookUrls = http.UrlFor("shared"), GroupWait = TimeSpan.FromSeconds(1) };
        options.OrgWebhooks["o1"] = http.UrlFor("acme");
        await alertmanager.StartAsync(AlertmanagerConfig.Render(AlertmanagerConfig.Build(options)));

        await PostAsync(Alert(AlertNames.KongDown, "critical", "a_app_1", orgId: "o1"), Alert(AlertNames.KongDown, "critical", "b_app_2", orgId: "o2"));

        await Wait.UntilAsync(
            () => Task.FromResult(http.Bodies.Count(b => b.StartsWith("/shared ", StringComparison.Ordinal)) >= 2
                                  && http.Bodies.Any(b => b.StartsWith("/acme ", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "both alerts on the shared webhook and o1's on its own");
        var acme = http.Bodies.Where(b => b.StartsWith("/acme ", StringComparison.Ordinal)).ToList();
        Assert.All(acme, b => Assert.Contains("a_app_1", b, StringComparison.Ordinal));
        Assert.DoesNotContain(acme, b => b.Contains("b_app_2", StringComparison.Ordinal));
    }

    private static Dictionary<string, object> Alert(string name, string severity, string instanceId, string orgId = "o1", string host = "h0") => new()
    {
        ["labels"] = Labels(name, severity, instanceId, orgId, host),
        ["annotations"] = new Dictionary<string, string> { ["summary"] = $"{name} on {instanceId}" },
        ["startsAt"] = DateTimeOffset.UtcNow,
    };

    // A host alert carries no instance or organization: empty labels are left out, as Prometheus does.
    private static Dictionary<string, string> Labels(string name, string severity, string instanceId, string orgId, string host) =>
        new Dictionary<string, string> { ["alertname"] = name, ["severity"] = severity, ["instance_id"] = instanceId, ["org_id"] = instanceId.Length == 0 ? "" : orgId, ["host"] = host }
            .Where(l => l.Value.Length > 0).ToDictionary();

    private async Task PostAsync(params object[] alerts)
    {
        using var response = await Http.PostAsJsonAsync($"{alertmanager.Url}/api/v2/alerts", alerts);
        response.EnsureSuccessStatusCode();
    }

    private async Task<Dictionary<(string Name, string Instance), string>> StatesAsync() =>
        (await alertmanager.GetAlertsAsync()).ToDictionary(
            a => (a.GetProperty("labels").GetProperty("alertname").GetString()!, a.GetProperty("labels").TryGetProperty("instance_id", out var id) ? id.GetString()! : ""),
            a => a.GetProperty("status").GetProperty("state").GetString()!);
}
