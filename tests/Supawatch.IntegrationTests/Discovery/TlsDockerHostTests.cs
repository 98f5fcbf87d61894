using System.Runtime.Versioning;
using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Discovery;

/// <summary>
/// A <c>DOCKER_HOSTS</c> entry <c>name=tcp://127.0.0.1:PORT|certdir</c> against a real engine behind mutual TLS: the
/// collection's podman API socket behind socat (<see cref="MutualTlsProxy"/>), which requires a client certificate
/// signed by a throwaway CA made at test time (<see cref="TestCertificateAuthority"/>), as dockerd
/// <c>--tlsverify</c> does. Every connection goes to 127.0.0.1.
/// </summary>
[Collection(PodmanCollectionDefinition.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class TlsDockerHostTests(PodmanFixture podman, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _root = TempDirectory.Create("tls");
    private readonly TestCertificateAuthority _ca = new("supawatch-test-ca");
    private readonly TestCertificateAuthority _rogueCa = new("supawatch-rogue-ca");
    private MutualTlsProxy? _proxy;

    private MutualTlsProxy Proxy => _proxy ?? throw new InvalidOperationException("proxy not started");

    public async Task InitializeAsync() =>
        _proxy = await MutualTlsProxy.StartAsync(Path.Combine(_root, "proxy"), _ca.IssueServer(), _ca.CertificatePem, podman.SocketPath);

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _rogueCa.Dispose();
    }

    [Fact]
    public async Task Serve_TlsHost_DiscoversTenants_FollowsEventsOverTls_AndLabelsEverythingWithItsName()
    {
        var certDir = TestCertificateAuthority.WriteDockerCertDir(Path.Combine(_root, "secure"), _ca.CertificatePem, _ca.IssueClient());
        var early = await podman.RunHttpdAsync("tls_a_1_kong");
        PodmanHttpd? late = null;
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOSTS"] = $"secure={Proxy.Endpoint}|{certDir}",
                // Long enough that only the event stream can bring in the late container below.
                ["DISCOVERY_INTERVAL"] = "600",
                ["HEALTH_CHECK_INTERVAL"] = "2",
            });

            await WaitWithProxyLogAsync(async () => (await server.SdInstanceIdsAsync()).Contains("tls_a_1"), "tls_a_1 on /sd through the TLS host");
            var sd = await server.SdAsync();
            Assert.Equal("secure", GroupOf(sd, "tls_a_1").GetProperty("labels").GetProperty("host").GetString());
            Assert.Equal($"127.0.0.1:{early.HostPort}", GroupOf(sd, "tls_a_1").GetProperty("targets")[0].GetString());
            var secure = HostOf(await server.InstancesAsync(), "secure");
            Assert.True(secure.GetProperty("up").GetBoolean(), secure.ToString());
            await server.MetricsWhenAsync(
                m => m.Contains("supawatch_source_up{source=\"docker\",host=\"secure\"} 1", StringComparison.Ordinal)
                     && m.Contains("supabase_instance_status{instance_id=\"tls_a_1\",project_name=\"\",host=\"secure\"} 1", StringComparison.Ordinal),
                "the TLS host and its instance on /metrics");
            await WaitWithProxyLogAsync(async () => HostOf(await server.InstancesAsync(), "secure").GetProperty("events_up").GetBoolean(), "the event stream over TLS connected");

            // A container created now can only arrive through /events (the next reconcile is 10 minutes away).
            var started = DateTimeOffset.UtcNow;
            late = await podman.RunHttpdAsync("tls_a_2_kong");
            await WaitWithProxyLogAsync(async () => (await server.SdInstanceIdsAsync()).Contains("tls_a_2"), "tls_a_2 (created after start) on /sd through the TLS event stream", TimeSpan.FromSeconds(10));
            output.WriteLine($"tls_a_2 on /sd {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s after podman run returned");
            Assert.Equal("secure", GroupOf(await server.SdAsync(), "tls_a_2").GetProperty("labels").GetProperty("host").GetString());
            Assert.True(HostOf(await server.InstancesAsync(), "secure").GetProperty("events_up").GetBoolean());
        }
        finally
        {
            await podman.RemoveAsync(early.Name);
            if (late is not null)
            {
                await podman.RemoveAsync(late.Name);
            }
        }
    }

    private async Task WaitWithProxyLogAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        try
        {
            await Wait.UntilAsync(condition, timeout ?? Live, what);
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- socat log ---\n{Proxy.LogTail()}", ex);
        }
    }

    private static JsonElement HostOf(JsonElement inventory, string name) =>
        inventory.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("name").GetString() == name);

    private static JsonElement GroupOf(JsonElement sd, string id) =>
        sd.EnumerateArray().Single(g => g.GetProperty("labels").GetProperty("instance_id").GetString() == id);
}
