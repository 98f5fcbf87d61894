using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Supawatch.Alerting;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Notices;

/// <summary>
/// Maintenance windows against a real Alertmanager: the running <c>supawatch serve</c> (in-process, a two-tenant fleet
/// served by <see cref="FakeDockerEngine"/>) silences exactly the tenant in maintenance, keeps that one silence across
/// its own restart, and the tenant's alerts page again when the window ends or is removed.
/// </summary>
public sealed class MaintenanceSilenceTests(AlertmanagerFixture alertmanager) : IClassFixture<AlertmanagerFixture>, IAsyncLifetime
{
    private const string Token = "maintenance-test-token";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private string _root = "";

    public Task InitializeAsync()
    {
        _root = TempDirectory.Create("maintenance");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await TempDirectory.DeleteAsync(_root);

    [Fact]
    public async Task Window_SilencesExactlyItsTenant_ARestartChangesNothing_AndItPagesAgainWhenTheWindowEnds()
    {
        await using var sink = new HttpSink();
        await StartAlertmanagerAsync(sink);
        await using var engine = await FleetAsync("m1_app_1", "m2_app_1");
        var dataDir = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        var server = await StartSupawatchAsync(engine, dataDir);
        using var alerts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        Task? resending = null;
        try
        {
            // Without the operator's credentials the API refuses, like every operator endpoint.
            using (var anonymous = await Http.PostAsync(server.MetricsUrl + "/api/v1/maintenance", Json(new { instance_id = "m1_app_1", duration = "50s" })))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }

            var window = await ScheduleAsync(server, new { instance_id = "m1_app_1", duration = "50s", note = "kernel <b>update</b>" }, HttpStatusCode.Created);
            var windowEnd = window.GetProperty("next_end").GetDateTimeOffset();

            var silence = await WaitForSilenceAsync("m1_app_1", "active");
            Assert.Equal("instance_id", silence.GetProperty("matchers")[0].GetProperty("name").GetString());
            Assert.False(silence.GetProperty("matchers")[0].GetProperty("isRegex").GetBoolean());
            Assert.Equal(windowEnd, silence.GetProperty("endsAt").GetDateTimeOffset());
            var silenceId = silence.GetProperty("id").GetString();

            // Prometheus re-sends firing alerts; both tenants' instance-down alerts fire all along.
            resending = ResendAsync(["m1_app_1", "m2_app_1"], alerts.Token);
            await Wait.UntilAsync(async () => (await StatesAsync()).GetValueOrDefault("m1_app_1") == "suppressed"
                                              && (await StatesAsync()).GetValueOrDefault("m2_app_1") == "active",
                TimeSpan.FromSeconds(20), "m1 suppressed, m2 active");
            var m1 = (await alertmanager.GetAlertsAsync()).Single(a => InstanceOf(a) == "m1_app_1");
            Assert.Equal(silenceId, m1.GetProperty("status").GetProperty("silencedBy")[0].GetString());
            await Wait.UntilAsync(() => Task.FromResult(Pages(sink, "m2_app_1") > 0), TimeSpan.FromSeconds(20), "m2's page");
            Assert.Equal(0, Pages(sink, "m1_app_1"));

            await Wait.UntilAsync(async () => await InstanceStatusAsync(server, "m1_app_1") == "maintenance", TimeSpan.FromSeconds(10), "m1 in maintenance on the page");
            Assert.Equal("down", await InstanceStatusAsync(server, "m2_app_1"));

            // Restart in the middle of the window: the same silence, no second one, the status still maintenance.
            await server.DisposeAsync();
            server = await StartSupawatchAsync(engine, dataDir);
            await Wait.UntilAsync(async () => await InstanceStatusAsync(server, "m1_app_1") == "maintenance", TimeSpan.FromSeconds(30), "m1 in maintenance after the restart");
            await MetricsWhenAsync(server, m => m.Contains("supawatch_maintenance_silences 1", StringComparison.Ordinal), "the restarted service's silence pass");
            var ours = await SupawatchSilencesAsync("m1_app_1");
            Assert.Equal([silenceId], ours.Where(s => State(s) != "expired").Select(s => s.GetProperty("id").GetString()));
            Assert.Equal(0, Pages(sink, "m1_app_1"));

            // The window ends: Alertmanager ends the silence on its own, and the tenant pages again.
            Assert.True(windowEnd > DateTimeOffset.UtcNow, "the window ended before the restart was checked: the test's timings are too tight for this machine");
            await Wait.UntilAsync(() => Task.FromResult(Pages(sink, "m1_app_1") > 0), windowEnd - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(40), "m1's page after the window");
            Assert.True(DateTimeOffset.UtcNow >= windowEnd, "m1 paged before its window ended");
            Assert.Equal("expired", State(Assert.Single(await SupawatchSilencesAsync("m1_app_1"))));
            await Wait.UntilAsync(async () => await InstanceStatusAsync(server, "m1_app_1") != "maintenance", TimeSpan.FromSeconds(20), "m1 out of maintenance");
        }
        finally
        {
            await alerts.CancelAsync();
            if (resending is not null)
            {
                await resending;
            }

            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task RemovedEarly_ExpiresItsSilence_AndBadRequestsAre4xxWithTheReason()
    {
        await using var sink = new HttpSink();
        await StartAlertmanagerAsync(sink);
        await using var engine = await FleetAsync("r1_app_1", "r2_app_1");
        var dataDir = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        var server = await StartSupawatchAsync(engine, dataDir);
        try
        {
            var window = await ScheduleAsync(server, new { instance_id = "r1_app_1", duration = "2h" }, HttpStatusCode.Created);
            await WaitForSilenceAsync("r1_app_1", "active");

            Assert.Contains("overlaps maintenance window", await RefusedAsync(server, new { instance_id = "r1_app_1", duration = "1h" }, HttpStatusCode.Conflict), StringComparison.Ordinal);
            Assert.Contains("unknown instance 'ghost_app_9'", await RefusedAsync(server, new { instance_id = "ghost_app_9", duration = "1h" }, HttpStatusCode.NotFound), StringComparison.Ordinal);
            Assert.Contains("ends in the past", await RefusedAsync(server, new { org_id = (string?)null, instance_id = "r2_app_1", start = DateTimeOffset.UtcNow.AddHours(-2), end = DateTimeOffset.UtcNow.AddHours(-1) }, (HttpStatusCode)422), StringComparison.Ordinal);
            Assert.Contains("exactly one target", await RefusedAsync(server, new { duration = "1h" }, HttpStatusCode.BadRequest), StringComparison.Ordinal);

            using (var removed = await Send(server, HttpMethod.Delete, $"/api/v1/maintenance/{window.GetProperty("id").GetInt64()}", null))
            {
                Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
            }

            await Wait.UntilAsync(async () => (await SupawatchSilencesAsync("r1_app_1")).All(s => State(s) == "expired"), TimeSpan.FromSeconds(20), "the silence expired");
            Assert.Single(await SupawatchSilencesAsync("r1_app_1"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task AlertmanagerDown_WindowStillApplies_FailureIsVisible_SilenceMadeWhenItIsBack()
    {
        await using var sink = new HttpSink();
        await alertmanager.StopAsync();
        await using var engine = await FleetAsync("d1_app_1", "d2_app_1");
        var dataDir = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        var server = await StartSupawatchAsync(engine, dataDir);
        try
        {
            await ScheduleAsync(server, new { instance_id = "d1_app_1", duration = "10m" }, HttpStatusCode.Created);

            await Wait.UntilAsync(async () => await InstanceStatusAsync(server, "d1_app_1") == "maintenance", TimeSpan.FromSeconds(30), "d1 in maintenance on the page");
            await MetricsWhenAsync(server, m => m.Contains("supawatch_maintenance_silences_in_sync 0", StringComparison.Ordinal), "the failure as a metric");
            var ready = await (await Http.GetAsync(server.MetricsUrl + "/readyz")).Content.ReadAsStringAsync();
            Assert.Contains("maintenance silences: not in sync", ready, StringComparison.Ordinal);
            Assert.Contains("ALERTMANAGER_URL", ready, StringComparison.Ordinal);

            await StartAlertmanagerAsync(sink);
            await WaitForSilenceAsync("d1_app_1", "active", TimeSpan.FromSeconds(60));
            await MetricsWhenAsync(server, m => m.Contains("supawatch_maintenance_silences_in_sync 1", StringComparison.Ordinal), "back in sync");
            Assert.Equal("ready\n", await (await Http.GetAsync(server.MetricsUrl + "/readyz")).Content.ReadAsStringAsync());
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private Task StartAlertmanagerAsync(HttpSink sink) =>
        alertmanager.StartAsync(AlertmanagerConfig.Render(AlertmanagerConfig.Build(new AlertingOptions
        {
            WebhookUrls = sink.UrlFor("webhook"),
            GroupWait = TimeSpan.FromSeconds(1),
            GroupInterval = TimeSpan.FromSeconds(2),
            RepeatInterval = TimeSpan.FromHours(1),
        })));

    private async Task<FakeDockerEngine> FleetAsync(params string[] instances) =>
        await FakeDockerEngine.StartAsync(Path.Combine(_root, $"docker-{instances[0]}.sock"), instances.ToDictionary(i => i + "_kong", _ => FreePort.Next()));

    private Task<SupawatchServer> StartSupawatchAsync(FakeDockerEngine engine, string dataDir) =>
        SupawatchServer.StartAsync(new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = engine.DockerHost,
            ["SUPAWATCH_DATA_DIR"] = dataDir,
            ["ALERTMANAGER_URL"] = alertmanager.Url,
            ["SUPAWATCH_AUTH_TOKEN"] = Token,
            ["DISCOVERY_INTERVAL"] = "5",
            ["HEALTH_CHECK_INTERVAL"] = "2",
            ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
        });

    private static async Task<JsonElement> ScheduleAsync(SupawatchServer server, object body, HttpStatusCode expected)
    {
        // Discovery may not have listed the fleet yet: until it has, the target is unknown (404).
        JsonElement answer = default;
        await Wait.UntilAsync(async () =>
        {
            using var response = await Send(server, HttpMethod.Post, "/api/v1/maintenance", body);
            answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            return response.StatusCode == expected;
        }, TimeSpan.FromSeconds(20), $"maintenance scheduled ({expected})", TimeSpan.FromMilliseconds(500));
        return answer;
    }

    private static async Task<string> RefusedAsync(SupawatchServer server, object body, HttpStatusCode expected)
    {
        using var response = await Send(server, HttpMethod.Post, "/api/v1/maintenance", body);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expected, response.StatusCode);
        return answer.GetProperty("error").GetString()!;
    }

    private static Task<HttpResponseMessage> Send(SupawatchServer server, HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, server.MetricsUrl + path) { Content = body is null ? null : Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return Http.SendAsync(request);
    }

    private static async Task MetricsWhenAsync(SupawatchServer server, Func<string, bool> condition, string what) =>
        await Wait.UntilAsync(async () =>
        {
            using var response = await Send(server, HttpMethod.Get, "/metrics", null);
            return condition(await response.Content.ReadAsStringAsync());
        }, TimeSpan.FromSeconds(30), what, TimeSpan.FromMilliseconds(500));

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<string?> InstanceStatusAsync(SupawatchServer server, string instanceId)
    {
        var document = await Http.GetFromJsonAsync<JsonElement>(server.StatusUrl + "/status/api/status.json");
        return document.GetProperty("organizations").EnumerateArray().SelectMany(o => o.GetProperty("instances").EnumerateArray())
            .Where(i => i.GetProperty("instance_id").GetString() == instanceId)
            .Select(i => i.GetProperty("status").GetString()).FirstOrDefault();
    }

    private async Task<JsonElement> WaitForSilenceAsync(string instanceId, string state, TimeSpan? timeout = null)
    {
        JsonElement found = default;
        await Wait.UntilAsync(async () =>
        {
            var silences = (await SupawatchSilencesAsync(instanceId)).Where(s => State(s) == state).ToList();
            Assert.True(silences.Count <= 1, $"{silences.Count} {state} silences for {instanceId}");
            found = silences.FirstOrDefault();
            return silences.Count == 1;
        }, timeout ?? TimeSpan.FromSeconds(20), $"one {state} silence for {instanceId}");
        return found;
    }

    /// <summary>Supawatch's silences in Alertmanager that match this instance.</summary>
    private async Task<List<JsonElement>> SupawatchSilencesAsync(string instanceId) =>
        (await Http.GetFromJsonAsync<JsonElement>($"{alertmanager.Url}/api/v2/silences")).EnumerateArray()
            .Where(s => s.GetProperty("createdBy").GetString() == "supawatch"
                        && s.GetProperty("matchers").EnumerateArray().Any(m => m.GetProperty("value").GetString() == instanceId))
            .Select(s => s.Clone()).ToList();

    private static string? State(JsonElement silence) => silence.GetProperty("status").GetProperty("state").GetString();

    private async Task<Dictionary<string, string>> StatesAsync() =>
        (await alertmanager.GetAlertsAsync()).ToDictionary(a => InstanceOf(a), a => a.GetProperty("status").GetProperty("state").GetString()!);

    private static string InstanceOf(JsonElement alert) => alert.GetProperty("labels").GetProperty("instance_id").GetString()!;

    private static int Pages(HttpSink sink, string instanceId) =>
        sink.Bodies.Count(b => b.StartsWith("/webhook ", StringComparison.Ordinal) && b.Contains($"\"instance_id\":\"{instanceId}\"", StringComparison.Ordinal));

    /// <summary>Posts both tenants' instance-down alerts every 2 s, as Prometheus re-sends what fires, until cancelled.</summary>
    private async Task ResendAsync(string[] instances, CancellationToken cancellationToken)
    {
        var startsAt = DateTimeOffset.UtcNow;
        while (!cancellationToken.IsCancellationRequested)
        {
            var alerts = instances.Select(i => new Dictionary<string, object>
            {
                ["labels"] = new Dictionary<string, string>
                {
                    ["alertname"] = AlertNames.InstanceDown, ["severity"] = "critical", ["instance_id"] = i,
                    ["org_id"] = "org-" + i[..2], ["host"] = "default",
                },
                ["annotations"] = new Dictionary<string, string> { ["summary"] = $"{i} is down" },
                ["startsAt"] = startsAt,
                ["endsAt"] = DateTimeOffset.UtcNow.AddMinutes(1),
            }).ToList();
            try
            {
                using var response = await Http.PostAsync($"{alertmanager.Url}/api/v2/alerts", JsonContent.Create(alerts), cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // Alertmanager restarting: try again on the next beat.
            }
        }
    }
}
