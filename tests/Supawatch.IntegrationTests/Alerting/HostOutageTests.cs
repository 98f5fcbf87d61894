using System.Globalization;
using System.Text;
using System.Text.Json;
using Supawatch.Alerting;
using Supawatch.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Alerting;

/// <summary>
/// One page per host outage, in a real Prometheus evaluating the rendered rules (every <c>for</c> 10 s) and a real
/// Alertmanager with the rendered configuration, its timings set through the operator's variables. The series come
/// from a stub exporter the test moves: instances stop one by one on host h1 — the first one already pending when the
/// rest follow, the race a per-instance page could win — while a single instance is down on the healthy host h2 and a
/// suspended one is down there too.
/// </summary>
public sealed class HostOutageTests(PrometheusFixture prometheus, AlertmanagerFixture alertmanager, ITestOutputHelper output)
    : IClassFixture<PrometheusFixture>, IClassFixture<AlertmanagerFixture>
{
    private static readonly TimeSpan For = TimeSpan.FromSeconds(10);

    // How long a1's alert is pending before the rest of h1 stops: long enough that, without the rules' `unless`,
    // a1 would reach its `for` (and be paged after group_wait) before the host alert reaches its own; short enough
    // that Prometheus sees the outage (one scrape and one evaluation, 1 s each) before a1's `for` ends.
    private static readonly TimeSpan Head = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(60);

    private static readonly Tenant[] Fleet =
    [
        new("a1", "h1", "o1", "Acme", "active"),
        new("a2", "h1", "o1", "Acme", "active"),
        new("a3", "h1", "o2", "Globex", "active"),
        new("b1", "h2", "o1", "Acme", "active"),
        new("b2", "h2", "o2", "Globex", "active"),
        new("b3", "h2", "o2", "Globex", "active"),
        new("s1", "h2", "o2", "Globex", "suspended"),
    ];

    [Fact]
    public async Task HostStopsInstanceByInstance_PagesOnceForTheHost_NotPerInstance_AndTellsTheRecovery()
    {
        await using var exporter = new ExpositionServer();
        await using var http = new HttpSink();
        var down = new HashSet<string>(StringComparer.Ordinal) { "b1", "s1" };
        exporter.Text = Render(down);
        await StartAsync(exporter, http);

        // a1 stops first and its own alert starts its clock ...
        down.Add("a1");
        exporter.Text = Render(down);
        await Wait.UntilAsync(async () => await AlertStateAsync(AlertNames.InstanceDown, "a1") == "pending", TimeSpan.FromSeconds(15), "a1's InstanceDown to be pending");
        // ... then the rest of h1 follows, within a1's `for`.
        await Task.Delay(Head);
        down.UnionWith(["a2", "a3"]);
        exporter.Text = Render(down);

        await Wait.UntilAsync(() => Task.FromResult(Notifications(http).Any(n => n.Is(AlertNames.HostOutage, "firing"))), Delivery, "the host outage page");
        // Long enough for any per-instance page of h1 to have been sent: its `for`, group_wait and two group intervals.
        await Task.Delay(For + TimeSpan.FromSeconds(6));

        var sent = Notifications(http);
        output.WriteLine(string.Join("\n", sent.Select(n => n.ToString())));
        var page = Assert.Single(sent, n => n.Is(AlertNames.HostOutage, "firing"));
        var outage = Assert.Single(page.Alerts);
        Assert.Equal("h1", outage.GetProperty("labels").GetProperty("host").GetString());
        var description = outage.GetProperty("annotations").GetProperty("description").GetString()!;
        Assert.StartsWith("3 of the 3 instances that should run on Docker host h1 are down. Organizations: Acme (2), Globex (1).", description, StringComparison.Ordinal);
        Assert.DoesNotContain(sent, n => n.InstanceIds.Overlaps(["a1", "a2", "a3", "s1"]));
        Assert.Contains(sent, n => n.Is(AlertNames.InstanceDown, "firing") && n.InstanceIds.SetEquals(["b1"]));
        Assert.Equal("suppressed", await AlertmanagerStateAsync(AlertNames.KongDown, "b1"));

        // h1 comes back but a1: the recovery is told, then a1 pages on its own.
        down.ExceptWith(["a2", "a3"]);
        exporter.Text = Render(down);

        await Wait.UntilAsync(() => Task.FromResult(Notifications(http).Any(n => n.Is(AlertNames.HostOutage, "resolved"))), Delivery, "the host outage's recovery");
        await Wait.UntilAsync(
            () => Task.FromResult(Notifications(http).Any(n => n.Is(AlertNames.InstanceDown, "firing") && n.InstanceIds.Contains("a1"))),
            Delivery, "a1, still down after its host recovered, to page on its own");
        Assert.Single(Notifications(http), n => n.Is(AlertNames.HostOutage, "firing"));
    }

    private async Task StartAsync(ExpositionServer exporter, HttpSink http)
    {
        // The operator's variables, through the same mapping and validation as the CLI.
        var options = await AlertingPipeline.StartAsync(prometheus, alertmanager, new Dictionary<string, string>
        {
            ["WEBHOOK_URL"] = http.UrlFor("webhook"),
            ["SUPAWATCH_ALERT_GROUP_WAIT"] = "1",
            ["SUPAWATCH_ALERT_GROUP_INTERVAL"] = "2",
            ["SUPAWATCH_ALERT_REPEAT_INTERVAL"] = "1h",
        }, For, exporter.Target);
        Assert.Equal(TimeSpan.FromSeconds(1), options.GroupWait);
        await Wait.UntilAsync(
            async () => (await prometheus.QueryAsync("supabase_instance_info")).GetProperty("result").GetArrayLength() == Fleet.Length,
            TimeSpan.FromSeconds(30), "Prometheus to scrape the stub exporter");
    }

    /// <summary>The exporter's series for the fleet, the given instances stopped (every container exited).</summary>
    private static string Render(HashSet<string> down)
    {
        var text = new StringBuilder();
        foreach (var t in Fleet)
        {
            var up = down.Contains(t.Id) ? 0 : 1;
            var expected = t.State == "suspended" ? 0 : 1;
            text.Append(CultureInfo.InvariantCulture, $"supabase_instance_info{{instance_id=\"{t.Id}\",org_id=\"{t.OrgId}\",org_name=\"{t.OrgName}\",project_name=\"P{t.Id}\",expected_state=\"{t.State}\",host=\"{t.Host}\"}} 1\n");
            text.Append(CultureInfo.InvariantCulture, $"supabase_instance_expected_up{{instance_id=\"{t.Id}\",host=\"{t.Host}\"}} {expected}\n");
            text.Append(CultureInfo.InvariantCulture, $"supabase_instance_host_up{{instance_id=\"{t.Id}\",host=\"{t.Host}\"}} 1\n");
            text.Append(CultureInfo.InvariantCulture, $"supabase_instance_status{{instance_id=\"{t.Id}\",project_name=\"P{t.Id}\",host=\"{t.Host}\"}} {up}\n");
            text.Append(CultureInfo.InvariantCulture, $"supabase_docker_container_status{{container_name=\"{t.Id}_kong\",instance_id=\"{t.Id}\",component=\"kong\",state=\"{(up == 1 ? "running" : "exited")}\",host=\"{t.Host}\"}} {up}\n");
        }

        return text.ToString();
    }

    private async Task<string?> AlertStateAsync(string alertName, string instanceId)
    {
        var result = (await prometheus.QueryAsync($"ALERTS{{alertname=\"{alertName}\",instance_id=\"{instanceId}\"}}")).GetProperty("result");
        return result.GetArrayLength() == 0 ? null : result[0].GetProperty("metric").GetProperty("alertstate").GetString();
    }

    private async Task<string?> AlertmanagerStateAsync(string alertName, string instanceId) =>
        (await alertmanager.GetAlertsAsync())
            .Where(a => a.GetProperty("labels").GetProperty("alertname").GetString() == alertName
                        && a.GetProperty("labels").TryGetProperty("instance_id", out var id) && id.GetString() == instanceId)
            .Select(a => a.GetProperty("status").GetProperty("state").GetString())
            .FirstOrDefault();

    private static List<Notification> Notifications(HttpSink http) =>
        [.. http.Bodies.Where(b => b.StartsWith("/webhook ", StringComparison.Ordinal)).Select(b => new Notification(JsonDocument.Parse(b["/webhook ".Length..]).RootElement.Clone()))];

    private sealed record Tenant(string Id, string Host, string OrgId, string OrgName, string State);

    /// <summary>One webhook notification: Alertmanager's payload for one group.</summary>
    private sealed record Notification(JsonElement Payload)
    {
        public string Status => Payload.GetProperty("status").GetString()!;

        public string AlertName => Payload.GetProperty("groupLabels").GetProperty("alertname").GetString()!;

        public IReadOnlyList<JsonElement> Alerts => [.. Payload.GetProperty("alerts").EnumerateArray()];

        public HashSet<string> InstanceIds => [.. Alerts.Select(a => a.GetProperty("labels").TryGetProperty("instance_id", out var id) ? id.GetString()! : "")
            .Where(id => id.Length > 0)];

        public bool Is(string alertName, string status) => AlertName == alertName && Status == status;

        public override string ToString() =>
            $"{Status} {AlertName} [{string.Join(", ", Alerts.Select(a => a.GetProperty("labels").TryGetProperty("instance_id", out var id) ? id.GetString() : a.GetProperty("labels").GetProperty("host").GetString()))}]";
    }
}
