using System.Net.Http.Json;
using System.Text.Json;
using Supawatch.Alerting;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Alerting;

/// <summary>
/// The rendered alertmanager.yml in a real Alertmanager 0.25: the Watchdog reaches the heartbeat URL and nothing
/// else does; notifications link to the alert's source and to a silence through the configured external URLs.
/// </summary>
public sealed class HeartbeatAndLinksTests(AlertmanagerFixture alertmanager) : IClassFixture<AlertmanagerFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Watchdog_WithHeartbeatUrl_ReachesItAndNoChannel_AndNoRealAlertReachesIt()
    {
        await using var http = new HttpSink();
        var options = new AlertingOptions { WebhookUrls = http.UrlFor("channel"), HeartbeatUrl = http.UrlFor("heartbeat"), GroupWait = TimeSpan.FromSeconds(1) };
        await alertmanager.StartAsync(AlertmanagerConfig.Render(AlertmanagerConfig.Build(options)));

        // Each test its own instance: the fixture's Alertmanager keeps its notification log across restarts.
        await PostAsync(Alert(AlertNames.Watchdog, Severity.None, null), Alert(AlertNames.KongDown, Severity.Critical, "hb_app_1"));

        await Wait.UntilAsync(
            () => Task.FromResult(Bodies(http, "heartbeat").Count >= 1 && Bodies(http, "channel").Count >= 1),
            TimeSpan.FromSeconds(30), "the Watchdog on the heartbeat URL and the Kong alert on the channel");
        Assert.All(Bodies(http, "heartbeat"), body => Assert.Equal([AlertNames.Watchdog], AlertNamesIn(body)));
        Assert.All(Bodies(http, "channel"), body => Assert.DoesNotContain(AlertNames.Watchdog, AlertNamesIn(body)));
    }

    [Fact]
    public async Task Watchdog_WithoutHeartbeatUrl_ReachesNoOne()
    {
        await using var http = new HttpSink();
        await alertmanager.StartAsync(AlertmanagerConfig.Render(AlertmanagerConfig.Build(new AlertingOptions { WebhookUrls = http.UrlFor("channel"), GroupWait = TimeSpan.FromSeconds(1) })));

        await PostAsync(Alert(AlertNames.Watchdog, Severity.None, null), Alert(AlertNames.KongDown, Severity.Critical, "quiet_app_1"));

        await Wait.UntilAsync(() => Task.FromResult(Bodies(http, "channel").Count >= 1), TimeSpan.FromSeconds(30), "the Kong alert on the channel");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.All(http.Bodies, body => Assert.DoesNotContain(AlertNames.Watchdog, AlertNamesIn(body[(body.IndexOf(' ', StringComparison.Ordinal) + 1)..])));
    }

    [Fact]
    public async Task SlackText_LinksTheRunbookTheSourceAndASilence_ThroughTheExternalUrls()
    {
        await using var http = new HttpSink();
        await alertmanager.StartAsync(
            AlertmanagerConfig.Render(AlertmanagerConfig.Build(new AlertingOptions { SlackWebhookUrl = http.UrlFor("slack"), GroupWait = TimeSpan.FromSeconds(1) })),
            ["--web.external-url=https://mon.example.test/alertmanager", "--web.route-prefix=/"]);
        const string Source = "https://mon.example.test/prometheus/graph?g0.expr=supabase_instance_status";

        await PostAsync(Alert(AlertNames.KongDown, Severity.Critical, "links_app_1", Source, RunbookUrl));

        await Wait.UntilAsync(() => Task.FromResult(Bodies(http, "slack").Count >= 1), TimeSpan.FromSeconds(30), "the Slack message");
        using var message = JsonDocument.Parse(Bodies(http, "slack")[0]);
        var text = message.RootElement.GetProperty("attachments")[0].GetProperty("text").GetString()!;
        Assert.Contains($"\n<{RunbookUrl}|Runbook: what to check first>\n", text, StringComparison.Ordinal);
        Assert.Contains($"<{Source}|Source>", text, StringComparison.Ordinal);
        Assert.Contains("<https://mon.example.test/alertmanager/#/silences/new?filter=%7Balertname%3D%22SupabaseKongDown%22%2Cinstance_id%3D%22links_app_1%22%7D|Silence>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiscordMessage_LinksTheRunbookOnALineOfItsOwn_AndLeavesItOutWhenTheAlertHasNone()
    {
        await using var http = new HttpSink();
        await alertmanager.StartAsync(AlertmanagerConfig.Render(AlertmanagerConfig.Build(new AlertingOptions { DiscordWebhookUrl = http.UrlFor("discord"), GroupWait = TimeSpan.FromSeconds(1) })));

        await PostAsync(Alert(AlertNames.KongDown, Severity.Critical, "discord_app_1", runbookUrl: RunbookUrl), Alert(AlertNames.StudioDown, Severity.Warning, "discord_app_2"));

        await Wait.UntilAsync(() => Task.FromResult(Bodies(http, "discord").Count >= 2), TimeSpan.FromSeconds(30), "the two Discord messages");
        var descriptions = Bodies(http, "discord").Select(body =>
        {
            using var message = JsonDocument.Parse(body);
            return message.RootElement.GetProperty("embeds")[0].GetProperty("description").GetString()!;
        }).ToList();
        Assert.Contains($"\nRunbook: {RunbookUrl}\n", Assert.Single(descriptions, d => d.Contains(RunbookUrl, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.DoesNotContain("Runbook", Assert.Single(descriptions, d => !d.Contains(RunbookUrl, StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private const string RunbookUrl = "https://docs.example.test/runbooks.md#supabasekongdown";

    private static List<string> Bodies(HttpSink http, string path) =>
        [.. http.Bodies.Where(b => b.StartsWith($"/{path} ", StringComparison.Ordinal)).Select(b => b[(path.Length + 2)..])];

    private static List<string> AlertNamesIn(string webhookBody)
    {
        using var payload = JsonDocument.Parse(webhookBody);
        return payload.RootElement.TryGetProperty("alerts", out var alerts)
            ? [.. alerts.EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("alertname").GetString()!)]
            : [];
    }

    private static Dictionary<string, object> Alert(string name, string severity, string? instanceId, string? generatorUrl = null, string? runbookUrl = null)
    {
        var labels = new Dictionary<string, string> { ["alertname"] = name, ["severity"] = severity };
        if (instanceId is not null)
        {
            labels["instance_id"] = instanceId;
        }

        var alert = new Dictionary<string, object> { ["labels"] = labels, ["startsAt"] = DateTimeOffset.UtcNow };
        if (generatorUrl is not null)
        {
            alert["generatorURL"] = generatorUrl;
        }

        if (runbookUrl is not null)
        {
            alert["annotations"] = new Dictionary<string, string> { ["summary"] = $"{name} on {instanceId}", ["runbook_url"] = runbookUrl };
        }

        return alert;
    }

    private async Task PostAsync(params Dictionary<string, object>[] alerts)
    {
        using var response = await Http.PostAsJsonAsync($"{alertmanager.Url}/api/v2/alerts", alerts);
        response.EnsureSuccessStatusCode();
    }
}
