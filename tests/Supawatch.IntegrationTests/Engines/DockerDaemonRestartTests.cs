using System.Diagnostics;
using Supawatch.Discovery;
using Supawatch.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Engines;

/// <summary>
/// The Docker daemon killed and started again under a running Supawatch, on a dockerd of this class's own (its own
/// bridge, so it runs beside the <see cref="EngineCollectionDefinition"/>'s engine without disturbing it): the targets
/// are kept while the engine is away, then the reconcile after reconnecting shows what dockerd brought back (its
/// containers <c>Exited (137)</c>), and events flow again.
/// </summary>
public sealed class DockerDaemonRestartTests(DockerEngineFixture engine, ITestOutputHelper output) : IClassFixture<DockerEngineFixture>
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Serve_DockerdKilledAndStarted_KeepsTargetsThenShowsContainersExitedAndFollowsEventsAgain()
    {
        var kong = await engine.RunHttpdAsync("dr_app_1_kong");
        var studio = await engine.RunHttpdAsync("dr_app_1_studio", servesMetrics: false);
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                // No periodic reconcile during the test: the host is brought back by the reconcile after reconnecting and
                // the retry of a failed read while the event stream is connected (DiscoveryService), not by the timer.
                ["DISCOVERY_INTERVAL"] = "3600",
            });
            await Wait.UntilAsync(
                async () => File.Exists(server.InstancesFile) && (await File.ReadAllTextAsync(server.InstancesFile)).Contains($"127.0.0.1:{kong.HostPort}", StringComparison.Ordinal),
                Live, "the tenant's metrics target in instances.json");
            var fileBefore = await File.ReadAllTextAsync(server.InstancesFile);
            var sdBefore = (await server.SdAsync()).GetRawText();

            await engine.KillEngineAsync();
            await Wait.UntilAsync(
                async () => !(await server.SourceAsync(DiscoveryHealth.DockerEvents)).GetProperty("up").GetBoolean(),
                Live, "the event stream reported down");
            // Nothing seen while the engine is away empties or changes the targets.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(sdBefore, (await server.SdAsync()).GetRawText());
            Assert.Equal(fileBefore, await File.ReadAllTextAsync(server.InstancesFile));

            var restarted = Stopwatch.StartNew();
            await engine.StartEngineAsync();
            // The Docker source must not come back before its event stream: the host outage alert would resolve while
            // SupawatchSourceDown(docker_events) is still true and no longer inhibited, a page for nothing.
            var dockerUpBeforeEvents = false;
            await Wait.UntilAsync(
                async () =>
                {
                    var sources = await SourcesUpAsync(server);
                    dockerUpBeforeEvents |= sources[DiscoveryHealth.Docker] && !sources[DiscoveryHealth.DockerEvents];
                    return await StateOfAsync(server, "kong") == "exited" && await StateOfAsync(server, "studio") == "exited";
                },
                TimeSpan.FromSeconds(45), "the reconcile after reconnecting to show the containers dockerd brought back exited");
            output.WriteLine($"containers shown exited {restarted.Elapsed.TotalSeconds:0.0} s after dockerd was started again");
            try
            {
                await Wait.UntilAsync(
                    async () =>
                    {
                        var sources = await SourcesUpAsync(server);
                        dockerUpBeforeEvents |= sources[DiscoveryHealth.Docker] && !sources[DiscoveryHealth.DockerEvents];
                        return sources[DiscoveryHealth.Docker];
                    },
                    TimeSpan.FromSeconds(30), "the Docker source up again (no periodic reconcile runs in this test)");
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message} Sources: {(await server.InstancesAsync()).GetProperty("sources")}", ex);
            }

            output.WriteLine($"Docker source up {restarted.Elapsed.TotalSeconds:0.0} s after dockerd was started again");
            Assert.False(dockerUpBeforeEvents, "the docker source was seen up while its event stream was still down");
            // A stopped container keeps its configured port: its target stays for Prometheus to find down.
            Assert.Contains("dr_app_1", await server.SdInstanceIdsAsync());

            // Events flow again: a start and a new container are seen without a reconcile.
            await Wait.UntilAsync(
                async () => (await server.SourceAsync(DiscoveryHealth.DockerEvents)).GetProperty("up").GetBoolean(),
                Live, "the event stream back up");
            await engine.StartAsync(kong.Name);
            await Wait.UntilAsync(async () => await StateOfAsync(server, "kong") == "running", Live, "the started Kong running again");
            await engine.RunHttpdAsync("dr_app_2_kong");
            await Wait.UntilAsync(async () => (await server.SdInstanceIdsAsync()).Contains("dr_app_2"), Live, "a new container on /sd from events");
            output.WriteLine($"events followed again {restarted.Elapsed.TotalSeconds:0.0} s after dockerd was started again");
        }
        finally
        {
            await engine.StartEngineAsync();
            foreach (var name in new[] { kong.Name, studio.Name, "dr_app_2_kong" })
            {
                await engine.RemoveAsync(name);
            }
        }
    }

    /// <summary>
    /// With the periodic reconcile on (as <c>stack setup</c> runs it), dockerd away long enough for its event stream's
    /// reconnect backoff to reach its 30 s cap: the reconcile that reads the host back wakes the stream, so the Docker
    /// source is not shown up while its events are away for more than a moment. Before, it was for up to the rest of the
    /// backoff, and the paging system test saw SupawatchSourceDown(docker_events) page once the host outage resolved.
    /// </summary>
    [Fact]
    public async Task Serve_DockerdBackAfterALongOutage_EventStreamReconnectsWithTheFirstRead()
    {
        var kong = await engine.RunHttpdAsync("dw_app_1_kong");
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["DISCOVERY_INTERVAL"] = "2",
            });
            await Wait.UntilAsync(async () => (await server.SdInstanceIdsAsync()).Contains("dw_app_1"), Live, "the tenant on /sd");

            await engine.KillEngineAsync();
            await Wait.UntilAsync(
                async () => !(await server.SourceAsync(DiscoveryHealth.DockerEvents)).GetProperty("up").GetBoolean(),
                Live, "the event stream reported down");
            // Failed reconnects wait 0.5, 1, 2, 4, 8 and 16 s, then 30 s: 35 s after the first failure the stream is in
            // a 30 s wait that ends 61.5 s after it.
            await Task.Delay(TimeSpan.FromSeconds(35));
            await engine.StartEngineAsync();

            var apart = Stopwatch.StartNew();
            var longestApart = TimeSpan.Zero;
            var wasApart = false;
            await Wait.UntilAsync(
                async () =>
                {
                    var sources = await SourcesUpAsync(server);
                    var isApart = sources[DiscoveryHealth.Docker] && !sources[DiscoveryHealth.DockerEvents];
                    if (isApart && !wasApart)
                    {
                        apart.Restart();
                    }

                    if (isApart && apart.Elapsed > longestApart)
                    {
                        longestApart = apart.Elapsed;
                    }

                    wasApart = isApart;
                    return sources[DiscoveryHealth.Docker] && sources[DiscoveryHealth.DockerEvents];
                },
                TimeSpan.FromSeconds(60), "the Docker source and its event stream both up again", TimeSpan.FromMilliseconds(100));
            output.WriteLine($"the Docker source was shown up while its events were away for at most {longestApart.TotalSeconds:0.0} s");
            Assert.True(longestApart < TimeSpan.FromSeconds(8), $"the Docker source was shown up for {longestApart.TotalSeconds:0.0} s while its event stream was away");
        }
        finally
        {
            await engine.StartEngineAsync();
            await engine.RemoveAsync(kong.Name);
        }
    }

    /// <summary>Each discovery source of the one Docker host, by name: whether it is up.</summary>
    private static async Task<Dictionary<string, bool>> SourcesUpAsync(SupawatchServer server) =>
        (await server.InstancesAsync()).GetProperty("sources").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("up").GetBoolean());

    private static async Task<string?> StateOfAsync(SupawatchServer server, string component) =>
        (await server.InstancesAsync()).GetProperty("instances").EnumerateArray()
            .Where(i => i.GetProperty("instance_id").GetString() == "dr_app_1")
            .SelectMany(i => i.GetProperty("containers").EnumerateArray())
            .Where(c => c.GetProperty("component").GetString() == component)
            .Select(c => c.GetProperty("state").GetString())
            .FirstOrDefault();
}
