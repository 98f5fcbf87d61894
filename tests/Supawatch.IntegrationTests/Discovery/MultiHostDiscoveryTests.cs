using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Discovery;

/// <summary>
/// A mixed fleet of two real engines, the collection's Docker Engine (host alpha) and podman (host beta), discovered
/// together through <c>DOCKER_HOSTS</c>; podman's API service is stopped mid-test (its containers keep running).
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class MultiHostDiscoveryTests(DockerEngineFixture docker, PodmanFixture podman)
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Serve_TwoHosts_OneStopped_KeepsBothTargets_MarksOnlyThatHostDown_AndRecovers()
    {
        var hostB = podman;
        var onA = await docker.RunHttpdAsync("mh_a_1_kong");
        HttpdContainer? lateOnA = null;
        try
        {
            var onB = await hostB.RunHttpdAsync("mh_b_1_kong");
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOSTS"] = $"alpha={docker.DockerHost};beta={hostB.DockerHost}",
                ["HEALTH_CHECK_INTERVAL"] = "2",
            });

            // Both hosts discovered concurrently, each target carrying its host.
            await Wait.UntilAsync(async () => (await server.SdInstanceIdsAsync()).IsSupersetOf(["mh_a_1", "mh_b_1"]), Live, "both hosts' instances on /sd");
            var sd = await server.SdAsync();
            Assert.Equal("alpha", HostLabelOf(sd, "mh_a_1"));
            Assert.Equal("beta", HostLabelOf(sd, "mh_b_1"));
            Assert.Equal($"127.0.0.1:{onB.HostPort}", TargetOf(sd, "mh_b_1"));
            // /sd shows a cold start's targets from the container lists before the inspects finish (targets first); the
            // inventory is complete once they have (a CI rehearsal read it in between, 2026-12-07).
            var inventory = await server.InstancesAsync();
            await Wait.UntilAsync(async () => (inventory = await server.InstancesAsync()).GetProperty("complete").GetBoolean(), Live, "the inventory complete");
            Assert.True(HostOf(inventory, "alpha").GetProperty("up").GetBoolean());
            Assert.True(HostOf(inventory, "beta").GetProperty("up").GetBoolean());
            Assert.Equal("beta", InstanceOf(inventory, "mh_b_1").GetProperty("host").GetString());
            await server.MetricsWhenAsync(
                m => m.Contains("supabase_instance_status{instance_id=\"mh_a_1\",project_name=\"\",host=\"alpha\"} 1", StringComparison.Ordinal)
                     && m.Contains("supabase_instance_status{instance_id=\"mh_b_1\",project_name=\"\",host=\"beta\"} 1", StringComparison.Ordinal)
                     && m.Contains("supawatch_source_up{source=\"docker\",host=\"beta\"} 1", StringComparison.Ordinal),
                "both hosts' instances and sources on /metrics");

            // Host beta's engine goes away (its containers keep running; Supawatch can no longer see them).
            await hostB.KillEngineAsync();
            await Wait.UntilAsync(async () => !HostOf(await server.InstancesAsync(), "beta").GetProperty("up").GetBoolean(), Live, "host beta marked down");

            // Alpha stays live: a container started now appears, while beta's last good instance stays listed, marked.
            lateOnA = await docker.RunHttpdAsync("mh_a_2_kong");
            await Wait.UntilAsync(async () => (await server.SdInstanceIdsAsync()).Contains("mh_a_2"), Live, "a new instance on the live host");
            sd = await server.SdAsync();
            Assert.Equal($"127.0.0.1:{onB.HostPort}", TargetOf(sd, "mh_b_1"));
            Assert.Equal($"127.0.0.1:{onA.HostPort}", TargetOf(sd, "mh_a_1"));
            inventory = await server.InstancesAsync();
            var beta = HostOf(inventory, "beta");
            Assert.False(string.IsNullOrEmpty(beta.GetProperty("last_error").GetString()));
            Assert.Equal(1, beta.GetProperty("instance_count").GetInt32());
            Assert.True(HostOf(inventory, "alpha").GetProperty("up").GetBoolean());
            Assert.False(InstanceOf(inventory, "mh_b_1").GetProperty("host_up").GetBoolean());
            Assert.True(InstanceOf(inventory, "mh_a_1").GetProperty("host_up").GetBoolean());
            await server.MetricsWhenAsync(
                m => m.Contains("supawatch_source_up{source=\"docker\",host=\"beta\"} 0", StringComparison.Ordinal)
                     && m.Contains("supawatch_source_up{source=\"docker\",host=\"alpha\"} 1", StringComparison.Ordinal)
                     && m.Contains("supabase_instance_host_up{instance_id=\"mh_b_1\",host=\"beta\"} 0", StringComparison.Ordinal)
                     && m.Contains("supabase_instance_host_up{instance_id=\"mh_a_2\",host=\"alpha\"} 1", StringComparison.Ordinal)
                     && m.Contains("supabase_instance_status{instance_id=\"mh_a_2\",project_name=\"\",host=\"alpha\"} 1", StringComparison.Ordinal),
                "beta down and alpha live on /metrics");
            Assert.True((await server.GetAsync("/readyz")).IsSuccessStatusCode);

            // The status page tells the hosts apart: beta down, alpha up, and each instance says where it runs.
            var page = "";
            await Wait.UntilAsync(async () =>
            {
                page = await Http.GetStringAsync(server.StatusUrl + "/status");
                return page.Contains("data-host=\"beta\" data-up=\"false\"", StringComparison.Ordinal)
                    && page.Contains("data-host=\"alpha\" data-up=\"true\"", StringComparison.Ordinal);
            }, Live, "both hosts' state on the status page");
            // The overview lists the instance; status.json (and an organization's page) says where it runs.
            Assert.Contains("data-instance-id=\"mh_b_1\"", page, StringComparison.Ordinal);
            using (var status = JsonDocument.Parse(await Http.GetStringAsync(server.StatusUrl + "/status/api/status.json")))
            {
                var instance = status.RootElement.GetProperty("organizations").EnumerateArray()
                    .SelectMany(o => o.GetProperty("instances").EnumerateArray())
                    .Single(i => i.GetProperty("instance_id").GetString() == "mh_b_1");
                Assert.Equal("beta", instance.GetProperty("host").GetString());
            }

            // Beta's engine comes back: the event stream reconnects and a reconcile marks it up again.
            await hostB.StartEngineAsync();
            await Wait.UntilAsync(async () => HostOf(await server.InstancesAsync(), "beta").GetProperty("up").GetBoolean(), TimeSpan.FromSeconds(45), "host beta back up");
            Assert.True(InstanceOf(await server.InstancesAsync(), "mh_b_1").GetProperty("host_up").GetBoolean());
        }
        finally
        {
            await docker.RemoveAsync(onA.Name);
            if (lateOnA is not null)
            {
                await docker.RemoveAsync(lateOnA.Name);
            }

            await hostB.StartEngineAsync();
            await hostB.RemoveAsync("mh_b_1_kong");
        }
    }

    private static JsonElement HostOf(JsonElement inventory, string name) =>
        inventory.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("name").GetString() == name);

    private static JsonElement InstanceOf(JsonElement inventory, string id) =>
        inventory.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("instance_id").GetString() == id);

    private static JsonElement GroupOf(JsonElement sd, string id) =>
        sd.EnumerateArray().Single(g => g.GetProperty("labels").GetProperty("instance_id").GetString() == id);

    private static string? HostLabelOf(JsonElement sd, string id) => GroupOf(sd, id).GetProperty("labels").GetProperty("host").GetString();

    private static string? TargetOf(JsonElement sd, string id) => GroupOf(sd, id).GetProperty("targets")[0].GetString();
}
