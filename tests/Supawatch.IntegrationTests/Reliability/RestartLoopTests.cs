using Supawatch.Discovery;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Health;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Reliability;

/// <summary>
/// A tenant container in a restart loop (real Docker Engine, <c>--restart=always</c>, a command that exits after a second)
/// beside a healthy tenant: the storm of die/restart/start events is followed, the restart counter rises, the
/// looping instance never drops out of the inventory, and the healthy one never leaves <c>/sd</c> or goes down.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class RestartLoopTests(DockerEngineFixture engine, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Serve_TenantInRestartLoop_CountsRestarts_KeepsInventoryAndTheHealthyTenant()
    {
        const string looping = "loop_app_1_kong";
        var healthy = await engine.RunHttpdAsync("steady_app_1_kong");
        await engine.RunAsync(looping, "--restart=always", BusyboxImage.Reference, "sh", "-c", "sleep 1; exit 3");
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["DISCOVERY_INTERVAL"] = "5",
                ["HEALTH_CHECK_INTERVAL"] = "1",
                ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
            });
            await Wait.UntilAsync(async () => StatusApi.StatusOf(await StatusApi.GetAsync(server.StatusUrl), "steady_app_1") == "up",
                TimeSpan.FromSeconds(30), "the healthy tenant up");
            var startCount = await RestartsAsync(server);

            // Watch through at least three more restarts: every look must find both instances where they belong.
            var looks = 0;
            var missing = new List<string>();
            await Wait.UntilAsync(async () =>
            {
                looks++;
                var inventory = (await server.InstancesAsync()).GetProperty("instances").EnumerateArray()
                    .Select(i => i.GetProperty("instance_id").GetString()).ToHashSet(StringComparer.Ordinal);
                if (!inventory.Contains("loop_app_1"))
                {
                    missing.Add($"look {looks}: loop_app_1 not in /api/v1/instances");
                }

                if (!(await server.SdInstanceIdsAsync()).Contains("steady_app_1"))
                {
                    missing.Add($"look {looks}: steady_app_1 not on /sd");
                }

                if (StatusApi.StatusOf(await StatusApi.GetAsync(server.StatusUrl), "steady_app_1") != "up")
                {
                    missing.Add($"look {looks}: steady_app_1 not up");
                }

                return await RestartsAsync(server) >= startCount + 3;
            }, TimeSpan.FromSeconds(60), "three more restarts of the looping container counted", TimeSpan.FromMilliseconds(200));

            output.WriteLine($"restart count {startCount} → {await RestartsAsync(server)}, {looks} looks at inventory, /sd and status, {missing.Count} misses");
            Assert.True(missing.Count == 0, string.Join("\n", missing));
            Assert.True(looks >= 5, $"only {looks} looks during the loop");
            var metrics = new Exposition(await Http.GetStringAsync(server.MetricsUrl + "/metrics"));
            Assert.Equal(3, metrics.Value("supabase_docker_container_last_exit_code", ("container_name", looping)));
            Assert.Equal(1, metrics.Value("supabase_instance_status", ("instance_id", "steady_app_1")));
            Assert.True((await server.SourceAsync(DiscoveryHealth.DockerEvents)).GetProperty("up").GetBoolean(), "the event stream stayed up through the storm");
            Assert.True((await server.SourceAsync(DiscoveryHealth.Docker)).GetProperty("up").GetBoolean());
        }
        finally
        {
            await engine.RemoveAsync(looping);
            await engine.RemoveAsync(healthy.Name);
        }
    }

    private static async Task<double> RestartsAsync(SupawatchServer server) =>
        new Exposition(await Http.GetStringAsync(server.MetricsUrl + "/metrics"))
            .Value("supabase_docker_container_restarts_total", ("container_name", "loop_app_1_kong")) ?? -1;
}
