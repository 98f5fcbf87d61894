using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Security;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Discovery;

/// <summary>
/// A <c>DOCKER_HOSTS</c> entry <c>name=tcp://127.0.0.1:PORT|certdir</c> against a real engine behind mutual TLS: the
/// collection's Docker Engine socket behind socat (<see cref="MutualTlsProxy"/>), which requires a client certificate
/// signed by a throwaway CA made at test time (<see cref="TestCertificateAuthority"/>), as dockerd
/// <c>--tlsverify</c> does. Every connection goes to 127.0.0.1.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class TlsDockerHostTests(DockerEngineFixture engine, ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private static readonly string[] BadHosts = ["rogueclient", "wrongca", "badkey"];
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _root = TempDirectory.Create("tls");
    private readonly TestCertificateAuthority _ca = new("supawatch-test-ca");
    private readonly TestCertificateAuthority _rogueCa = new("supawatch-rogue-ca");
    private MutualTlsProxy? _proxy;

    private MutualTlsProxy Proxy => _proxy ?? throw new InvalidOperationException("proxy not started");

    public async Task InitializeAsync() =>
        _proxy = await MutualTlsProxy.StartAsync(Path.Combine(_root, "proxy"), _ca.IssueServer(), _ca.CertificatePem, engine.SocketPath);

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
        var early = await engine.RunHttpdAsync("tls_a_1_kong");
        HttpdContainer? late = null;
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
            // /sd shows a cold start's targets from the list before the inventory is published (TargetsPreview).
            await WaitWithProxyLogAsync(
                async () => (await server.InstancesAsync()).GetProperty("hosts").EnumerateArray().Any(h => h.GetProperty("name").GetString() == "secure"),
                "the TLS host in /api/v1/instances");
            var secure = HostOf(await server.InstancesAsync(), "secure");
            Assert.True(secure.GetProperty("up").GetBoolean(), secure.ToString());
            await server.MetricsWhenAsync(
                m => m.Contains("supawatch_source_up{source=\"docker\",host=\"secure\"} 1", StringComparison.Ordinal)
                     && m.Contains("supabase_instance_status{instance_id=\"tls_a_1\",project_name=\"\",host=\"secure\"} 1", StringComparison.Ordinal),
                "the TLS host and its instance on /metrics");
            await WaitWithProxyLogAsync(async () => HostOf(await server.InstancesAsync(), "secure").GetProperty("events_up").GetBoolean(), "the event stream over TLS connected");

            // A container created now can only arrive through /events (the next reconcile is 10 minutes away).
            var started = DateTimeOffset.UtcNow;
            late = await engine.RunHttpdAsync("tls_a_2_kong");
            await WaitWithProxyLogAsync(async () => (await server.SdInstanceIdsAsync()).Contains("tls_a_2"), "tls_a_2 (created after start) on /sd through the TLS event stream", TimeSpan.FromSeconds(10));
            output.WriteLine($"tls_a_2 on /sd {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s after docker run returned");
            Assert.Equal("secure", GroupOf(await server.SdAsync(), "tls_a_2").GetProperty("labels").GetProperty("host").GetString());
            Assert.True(HostOf(await server.InstancesAsync(), "secure").GetProperty("events_up").GetBoolean());
        }
        finally
        {
            await engine.RemoveAsync(early.Name);
            if (late is not null)
            {
                await engine.RemoveAsync(late.Name);
            }
        }
    }

    [Fact]
    public async Task Serve_TlsHostsWithBadCertificates_MarkOnlyThoseHostsDown_SayWhatToFix_AndNeverShowKeys()
    {
        var goodClient = _ca.IssueClient();
        var rogueClient = _rogueCa.IssueClient("rogue");
        var strayKey = _ca.IssueClient("stray");
        var dirs = new Dictionary<string, string>
        {
            ["good"] = TestCertificateAuthority.WriteDockerCertDir(Path.Combine(_root, "good"), _ca.CertificatePem, goodClient),
            // The engine (socat verify=1) refuses a client certificate its CA did not sign.
            ["rogueclient"] = TestCertificateAuthority.WriteDockerCertDir(Path.Combine(_root, "rogueclient"), _ca.CertificatePem, rogueClient),
            // Supawatch refuses an engine whose certificate ca.pem did not sign.
            ["wrongca"] = TestCertificateAuthority.WriteDockerCertDir(Path.Combine(_root, "wrongca"), _rogueCa.CertificatePem, goodClient),
            // key.pem is a real key, but not cert.pem's.
            ["badkey"] = TestCertificateAuthority.WriteDockerCertDir(Path.Combine(_root, "badkey"), _ca.CertificatePem, goodClient with { KeyPem = strayKey.KeyPem }),
        };
        var keyLines = new[] { goodClient, rogueClient, strayKey }
            .SelectMany(c => c.KeyPem.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(line => !line.StartsWith("-----", StringComparison.Ordinal))
            .ToList();
        var metricsUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var kong = await engine.RunHttpdAsync("tlsf_1_kong");
        var outputs = new Dictionary<string, string>();
        try
        {
            var process = ServerProcess.Start("dotnet", [SecretsNeverShownTests.SupawatchDll(), "serve"], Path.Combine(_root, "serve.log"), new Dictionary<string, string>
            {
                ["DOCKER_HOSTS"] = string.Join(';', dirs.Select(d => $"{d.Key}={Proxy.Endpoint}|{d.Value}")),
                ["DISCOVERY_INTERVAL"] = "2",
                ["HEALTH_CHECK_INTERVAL"] = "2",
                ["SUPAWATCH_DATA_DIR"] = Path.Combine(_root, "data"),
                ["SUPAWATCH_LOG_DIR"] = Path.Combine(_root, "logs"),
                ["SUPAWATCH_METRICS_LISTEN"] = metricsUrl["http://".Length..],
                ["SUPAWATCH_STATUS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}",
            });
            await using (process)
            {
                JsonElement inventory = default;
                try
                {
                    await Wait.UntilAsync(
                        async () =>
                        {
                            Assert.False(process.HasExited, "supawatch exited");
                            inventory = await Http.GetFromJsonAsync<JsonElement>(metricsUrl + "/api/v1/instances");
                            return HostOf(inventory, "good").GetProperty("up").GetBoolean()
                                && BadHosts.All(h => ErrorOf(inventory, h).Length > 0 && EventsErrorOf(inventory, h).Length > 0);
                        },
                        Live,
                        "host good up and the three bad hosts failed");
                }
                catch (TimeoutException ex)
                {
                    throw new InvalidOperationException($"{ex.Message}\n--- instances ---\n{inventory}\n--- supawatch log ---\n{process.LogTail()}\n--- socat log ---\n{Proxy.LogTail()}", ex);
                }

                foreach (var host in dirs.Keys)
                {
                    output.WriteLine($"{host}: {HostOf(inventory, host)}; events: {EventsErrorOf(inventory, host)}");
                }

                Assert.True(HostOf(inventory, "good").GetProperty("events_up").GetBoolean());
                Assert.Contains("tlsf_1", await Http.GetStringAsync(metricsUrl + "/sd"), StringComparison.Ordinal);
                foreach (var host in BadHosts)
                {
                    Assert.False(HostOf(inventory, host).GetProperty("up").GetBoolean(), host);
                }

                Assert.Contains($"refuses a client certificate: cert.pem in {dirs["rogueclient"]} must be signed by the CA the engine trusts", ErrorOf(inventory, "rogueclient"), StringComparison.Ordinal);
                Assert.Contains("the engine's certificate (CN=127.0.0.1, issued by CN=supawatch-test-ca) is not trusted", ErrorOf(inventory, "wrongca"), StringComparison.Ordinal);
                Assert.Contains($"ca.pem in {dirs["wrongca"]} must be the CA that issued it", ErrorOf(inventory, "wrongca"), StringComparison.Ordinal);
                // The event stream (Docker.DotNet's own transport) says the same as the lean reader.
                Assert.Contains("refuses a client certificate", EventsErrorOf(inventory, "rogueclient"), StringComparison.Ordinal);
                Assert.Contains("is not trusted", EventsErrorOf(inventory, "wrongca"), StringComparison.Ordinal);
                Assert.Contains("could not be loaded", EventsErrorOf(inventory, "badkey"), StringComparison.Ordinal);
                Assert.Contains($"TLS folder {dirs["badkey"]}: cert.pem and key.pem could not be loaded", ErrorOf(inventory, "badkey"), StringComparison.Ordinal);
                Assert.True((await Http.GetAsync(metricsUrl + "/readyz")).IsSuccessStatusCode);
                // /metrics serves a render prepared just after each change: wait for the one that has them all.
                var metrics = "";
                await Wait.UntilAsync(
                    async () =>
                    {
                        metrics = await Http.GetStringAsync(metricsUrl + "/metrics");
                        return metrics.Contains("supawatch_source_up{source=\"docker\",host=\"good\"} 1", StringComparison.Ordinal)
                            && BadHosts.All(h => metrics.Contains($"supawatch_source_up{{source=\"docker\",host=\"{h}\"}} 0", StringComparison.Ordinal));
                    },
                    TimeSpan.FromSeconds(10),
                    "good up and the three bad hosts down on /metrics");
                outputs["/metrics"] = metrics;
                outputs["/api/v1/instances"] = inventory.ToString();
                Assert.False(process.HasExited, "supawatch exited:\n" + process.LogTail());
            }

            outputs["serve stdout+stderr"] = process.LogTail(int.MaxValue);
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }

        var log = outputs["serve stdout+stderr"];
        foreach (var host in BadHosts)
        {
            Assert.Contains($"Docker host {host} failed", log, StringComparison.Ordinal);
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(_root, "data"), "*", SearchOption.AllDirectories))
        {
            outputs[file] = await File.ReadAllTextAsync(file);
        }

        var leaks = outputs.Where(o => o.Value.Contains("PRIVATE KEY", StringComparison.Ordinal) || keyLines.Any(line => o.Value.Contains(line, StringComparison.Ordinal)))
            .Select(o => o.Key).ToList();
        Assert.True(leaks.Count == 0, "key material in " + string.Join(", ", leaks));
    }

    [Fact]
    public async Task Serve_TlsFolderMissing_ExitsBadConfigurationNamingTheHostAndFolder()
    {
        var missing = Path.Combine(_root, "no-such-folder");

        var result = await ProcessRunner.TryRunAsync("dotnet", [SecretsNeverShownTests.SupawatchDll(), "serve"], TimeSpan.FromSeconds(30), new Dictionary<string, string>
        {
            ["DOCKER_HOSTS"] = $"gone={Proxy.Endpoint}|{missing}",
            ["SUPAWATCH_DATA_DIR"] = Path.Combine(_root, "data-missing"),
            ["SUPAWATCH_METRICS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}",
            ["SUPAWATCH_STATUS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}",
        });

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains($"DOCKER_HOSTS: host 'gone': the TLS folder {missing} does not exist", result.StandardError, StringComparison.Ordinal);
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

    private static string ErrorOf(JsonElement inventory, string host) => HostOf(inventory, host).GetProperty("last_error").GetString() ?? "";

    private static string EventsErrorOf(JsonElement inventory, string host) =>
        inventory.GetProperty("sources").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == "docker_events" && s.GetProperty("host").GetString() == host)
            .GetProperty("last_error").GetString() ?? "";

    private static JsonElement GroupOf(JsonElement sd, string id) =>
        sd.EnumerateArray().Single(g => g.GetProperty("labels").GetProperty("instance_id").GetString() == id);
}
