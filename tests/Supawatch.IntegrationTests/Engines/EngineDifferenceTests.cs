using System.Text.Json;
using Supawatch.Docker;
using Supawatch.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Engines;

/// <summary>
/// Where real Docker Engine and podman's Docker-compatible API answer differently, the same test on both, asserting
/// what the operator sees on <c>/api/v1/instances</c> and <c>/metrics</c>: health status, restart counts, exit codes,
/// OOM kills, pause, and CPU from successive samples although neither engine fills <c>precpu_stats</c> on a one-shot
/// call. docs/engines.md tables the differences found.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class EngineDifferenceTests(DockerEngineFixture docker, PodmanFixture podman, ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(45);

    /// <summary>
    /// Five tenant containers in five states (the events for them are covered by DiscoveryTests; a reconcile every 5 s
    /// here keeps a slow event on a loaded machine from deciding the outcome). podman
    /// runs HEALTHCHECKs from systemd timers, and no systemd runs here: the test runs the check as the timer would.
    /// Whether an OOM kill is flagged depends on the engine and the host, not on Supawatch: podman 4.3 on this cgroup v1
    /// kernel reports it as exit 137 without <c>OOMKilled</c>, Docker Engine flags it here and did not on the CI machine.
    /// The API must say what the engine's own inspect says.
    /// </summary>
    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    public async Task Serve_ContainersInEveryState_ApiShowsHealthRestartsExitCodeOomAndPause(string engineName)
    {
        var engine = Engine(engineName);
        var names = new[] { "ed_app_1_kong", "ed_app_1_functions", "ed_app_1_auth", "ed_app_1_storage", "ed_app_1_rest" };
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["DISCOVERY_INTERVAL"] = "5",
            });
            await Wait.UntilAsync(async () => (await server.GetAsync("/readyz")).IsSuccessStatusCode, Settle, "readiness");

            await engine.RunAsync(names[0], "--health-cmd", "true", "--health-interval", "1s", BusyboxImage.Reference, "sleep", "600");
            await engine.RunAsync(names[1], "--restart=always", BusyboxImage.Reference, "sh", "-c", "sleep 1; exit 3");
            await engine.RunAsync(names[2], BusyboxImage.Reference, "sh", "-c", "exit 7");
            // 100 MB into a shell variable under a 16 MB limit without swap: the kernel's OOM killer ends it.
            await engine.RunAsync(names[3], "--memory", "16m", "--memory-swap", "16m", BusyboxImage.Reference,
                "sh", "-c", "x=$(head -c 100000000 /dev/zero | tr '\\0' a); echo survived");
            await engine.RunAsync(names[4], BusyboxImage.Reference, "sleep", "600");
            await engine.PauseAsync(names[4]);
            if (engine is PodmanFixture)
            {
                await Wait.UntilAsync(async () => await HealthCheckPassesAsync(engine, names[0]), Settle, "podman healthcheck run to pass");
            }

            var containers = new Dictionary<string, JsonElement>();
            try
            {
                await Wait.UntilAsync(async () =>
                {
                    containers = await ContainersAsync(server, "ed_app_1");
                    return containers.Count == 5
                           && Text(containers["kong"], "health") == "healthy"
                           && containers["functions"].GetProperty("restart_count").GetInt32() >= 2
                           && Text(containers["auth"], "state") == "exited"
                           && Text(containers["storage"], "state") == "exited"
                           && Text(containers["rest"], "state") == "paused";
                }, Settle, $"every state on /api/v1/instances from {engineName}");
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message} Last seen: {string.Join("; ", containers.Select(c => $"{c.Key}={c.Value}"))}", ex);
            }

            output.WriteLine($"{engineName}: {string.Join("; ", containers.Select(c => $"{c.Key}={c.Value}"))}");
            Assert.Equal("running", Text(containers["kong"], "state"));
            Assert.Equal(7, containers["auth"].GetProperty("exit_code").GetInt32());
            Assert.Equal(137, containers["storage"].GetProperty("exit_code").GetInt32());
            var engineSaysOomKilled = bool.Parse(await engine.CliAsync("inspect", "-f", "{{.State.OOMKilled}}", names[3]));
            output.WriteLine($"{engineName}: the engine's inspect says OOMKilled={engineSaysOomKilled}");
            Assert.Equal(engineSaysOomKilled, containers["storage"].GetProperty("oom_killed").GetBoolean());
            Assert.False(containers["auth"].GetProperty("oom_killed").GetBoolean());
            Assert.Equal(JsonValueKind.Null, containers["rest"].GetProperty("exit_code").ValueKind);

            // A paused container is not running: 0, its state on the label.
            await server.MetricsWhenAsync(
                m => new Exposition(m) is var e
                     && e.Value("supabase_docker_container_restarts_total", ("container_name", "ed_app_1_functions")) >= 2
                     && e.Value("supabase_docker_container_status", ("container_name", "ed_app_1_rest"), ("state", "paused")) == 0
                     && e.Value("supabase_docker_container_status", ("container_name", "ed_app_1_kong"), ("state", "running")) == 1,
                "the restart count and the paused state on /metrics");
        }
        finally
        {
            await engine.UnpauseAsync(names[4]).ContinueWith(_ => { }, TaskScheduler.Default);
            foreach (var name in names)
            {
                await engine.RemoveAsync(name);
            }
        }
    }

    /// <summary>
    /// Docker's one-shot stats leave <c>precpu_stats</c> empty, podman's zeroed: CPU percent comes from Supawatch's own
    /// successive samples on both. A stopped container's stats answer is 200 on both engines (Docker: an all-zero sample
    /// read at year 1; podman: an empty body); the reader says "not running" for both.
    /// </summary>
    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    public async Task Serve_BusyContainer_CpuFromOwnSamples_AndStoppedContainerHasNoSample(string engineName)
    {
        var engine = Engine(engineName);
        const string Busy = "es_app_1_functions";
        const string Idle = "es_app_1_kong";
        try
        {
            await engine.RunAsync(Busy, BusyboxImage.Reference, "sh", "-c", "while :; do :; done");
            var idle = await engine.RunHttpdAsync(Idle);
            using var socket = UnixSocketHttp.CreateClient(engine.SocketPath, TimeSpan.FromSeconds(10));
            using var raw = JsonDocument.Parse(await socket.GetStringAsync($"containers/{Busy}/stats?stream=false&one-shot=true"));
            var precpu = raw.RootElement.TryGetProperty("precpu_stats", out var pre) && pre.TryGetProperty("cpu_usage", out var usage)
                ? usage.GetProperty("total_usage").GetUInt64()
                : 0UL;
            Assert.Equal(0UL, precpu);

            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["SUPAWATCH_STATS_INTERVAL"] = "1",
            });
            var metrics = new Exposition(await server.MetricsWhenAsync(
                m => new Exposition(m).Value("supabase_docker_container_cpu_usage_percent", ("container_name", Busy)) > 20,
                $"a busy loop's CPU from {engineName}'s one-shot stats"));
            output.WriteLine($"{engineName}: busy loop {metrics.Value("supabase_docker_container_cpu_usage_percent", ("container_name", Busy)):0} % of a core");
            Assert.True(metrics.Value("supabase_docker_container_memory_usage_bytes", ("container_name", Idle)) > 0);

            await engine.StopAsync(idle.Name, timeoutSeconds: 0);
            using var reader = new DockerContainerReader(new Uri(engine.DockerHost));
            Assert.Null(await reader.StatsAsync(idle.Id, CancellationToken.None));
            Assert.NotNull(await reader.StatsAsync(await engine.CliAsync("inspect", "-f", "{{.Id}}", Busy), CancellationToken.None));
        }
        finally
        {
            await engine.RemoveAsync(Busy);
            await engine.RemoveAsync(Idle);
        }
    }

    private IContainerEngine Engine(string name) => name == "podman" ? podman : docker;

    private static async Task<bool> HealthCheckPassesAsync(IContainerEngine engine, string name)
    {
        // What podman's systemd timer would run every interval.
        await engine.CliAsync("healthcheck", "run", name);
        return await engine.CliAsync("inspect", "-f", "{{.State.Health.Status}}", name) == "healthy";
    }

    private static async Task<Dictionary<string, JsonElement>> ContainersAsync(SupawatchServer server, string instanceId) =>
        (await server.InstancesAsync()).GetProperty("instances").EnumerateArray()
            .Where(i => i.GetProperty("instance_id").GetString() == instanceId)
            .SelectMany(i => i.GetProperty("containers").EnumerateArray())
            .ToDictionary(c => c.GetProperty("component").GetString()!, c => c.Clone(), StringComparer.Ordinal);

    private static string? Text(JsonElement container, string property) =>
        container.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
