using System.Globalization;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Security;

/// <summary>
/// The public status page and its JSON name instances and their state, never where they run: no host or
/// container address, published port or container id, even when a check fails and explains why. The operator
/// API keeps those details.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class PublicStatusViewTests(DockerEngineFixture engine)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task StatusPageAndJson_UpAndDownTenants_ShowNoAddressPortOrContainerId()
    {
        var up = await engine.RunHttpdAsync("p1_app_1_kong");
        var down = await engine.RunHttpdAsync("p2_app_2_kong");
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["HEALTH_CHECK_INTERVAL"] = "1",
                ["DISCOVERY_INTERVAL"] = "2",
                ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
            });
            var containerIp = (await engine.CliAsync("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", up.Name)).Trim();
            await Wait.UntilAsync(async () => (await server.SdInstanceIdsAsync()).IsSupersetOf(["p1_app_1", "p2_app_2"]), TimeSpan.FromSeconds(20), "both tenants on /sd");
            // Break p2 behind Supawatch's back so its checks fail with a reason (the likeliest place for an address).
            await engine.KillAsync(down.Name);
            string json = "", html = "";
            await WaitShowingAsync(() => json, async () =>
                {
                    json = await Http.GetStringAsync(server.StatusUrl + "/status/api/status.json");
                    using var document = System.Text.Json.JsonDocument.Parse(json);
                    return Health.StatusApi.StatusOf(document.RootElement, "p1_app_1") is "up"
                        && Health.StatusApi.StatusOf(document.RootElement, "p2_app_2") is not (null or "up" or "unknown");
                },
                "p1 up and p2 failing on status.json");
            html = await Http.GetStringAsync(server.StatusUrl + "/status");
            var operatorView = await Http.GetStringAsync(server.MetricsUrl + "/api/v1/instances");

            var internals = new List<string>
            {
                "127.0.0.1", "10.88.", "0.0.0.0", "unix://", "engine.sock",
                ":" + up.HostPort.ToString(CultureInfo.InvariantCulture), ":" + down.HostPort.ToString(CultureInfo.InvariantCulture),
                up.Id[..12], down.Id[..12],
            };
            if (containerIp.Length > 0)
            {
                internals.Add(containerIp);
            }

            // The operator API does carry the tenants' addresses: the search below would find them if the page leaked them.
            Assert.Contains(up.HostPort.ToString(CultureInfo.InvariantCulture), operatorView, StringComparison.Ordinal);
            var leaks = internals
                .SelectMany(s => new[] { ("status.json", json), ("/status", html) }.Where(o => o.Item2.Contains(s, StringComparison.Ordinal)).Select(o => $"'{s}' in {o.Item1}"))
                .ToList();
            Assert.True(leaks.Count == 0, string.Join("\n", leaks) + "\n--- status.json ---\n" + json);
        }
        finally
        {
            await engine.RemoveAsync(up.Name);
            await engine.RemoveAsync(down.Name);
        }
    }

    private static async Task WaitShowingAsync(Func<string> last, Func<Task<bool>> condition, string what)
    {
        try
        {
            await Wait.UntilAsync(condition, TimeSpan.FromSeconds(30), what);
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- status.json ---\n{last()}", ex);
        }
    }
}
