using System.Text.RegularExpressions;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Security;

/// <summary>
/// <c>supawatch serve</c> (discovery, stats sweeps, the event stream) talks to the real Docker Engine API only through
/// a recording proxy while tenants are created, stopped and removed behind its back: every request it sends
/// must be a read on the allowlist.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed partial class DockerReadOnlyTests(DockerEngineFixture engine) : IAsyncLifetime
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(20);
    private readonly string _directory = TempDirectory.Create("dproxy");
    private RecordingDockerProxy? _proxy;

    private RecordingDockerProxy Proxy => _proxy!;

    public Task InitializeAsync()
    {
        _proxy = RecordingDockerProxy.Start(Path.Combine(_directory, "d.sock"), engine.SocketPath);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>GET or HEAD on a read endpoint, optionally behind an API version prefix (/v1.41, /v4.0.0/libpod).</summary>
    public static bool IsAllowedRead(DockerRequest request) =>
        request.Method is "GET" or "HEAD" && ReadPath().IsMatch(request.Path);

    [Fact]
    public async Task Serve_WhileTenantsComeAndGo_SendsOnlyAllowlistedReads()
    {
        await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = Proxy.DockerHost,
            ["DISCOVERY_INTERVAL"] = "2",
            ["SUPAWATCH_STATS_INTERVAL"] = "1",
            // The stats API path, which is what a remote engine gets: on this host the default reads cgroup files instead.
            ["SUPAWATCH_STATS_SOURCE"] = "api",
        });

        var kong = await engine.RunHttpdAsync("r1_app_1_kong");
        var studio = await engine.RunHttpdAsync("r1_app_1_studio");
        try
        {
            await Wait.UntilAsync(async () => (await server.SdInstanceIdsAsync()).Contains("r1_app_1"), Live, "r1_app_1 on /sd through the proxy");
            await Wait.UntilAsync(
                () => Task.FromResult(Proxy.Requests.Any(r => r.Path.EndsWith("/stats", StringComparison.Ordinal))),
                Live,
                "a stats request through the proxy");

            await engine.StopAsync(studio.Name);
            await engine.RemoveAsync(studio.Name);
            await engine.RemoveAsync(kong.Name);
            await Wait.UntilAsync(async () => !(await server.SdInstanceIdsAsync()).Contains("r1_app_1"), Live, "r1_app_1 gone from /sd");
        }
        finally
        {
            await engine.RemoveAsync(studio.Name);
            await engine.RemoveAsync(kong.Name);
        }

        var requests = Proxy.Requests;
        // The proxy really was Supawatch's only way to Docker: listing, events and stats all went through it.
        Assert.Contains(requests, r => r.Path.EndsWith("/containers/json", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Path.EndsWith("/events", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Path.EndsWith("/stats", StringComparison.Ordinal));
        var writes = requests.Where(r => !IsAllowedRead(r)).Select(r => r.ToString()).Distinct().ToList();
        Assert.True(writes.Count == 0, "not an allowlisted read: " + string.Join(", ", writes));
    }

    [Fact]
    public async Task Proxy_AWriteSentThroughIt_IsRecordedAndRejectedByTheAllowlist()
    {
        using var client = UnixSocketHttp.CreateClient(Proxy.SocketPath, TimeSpan.FromSeconds(10));
        using var response = await client.PostAsync("http://docker/v1.41/containers/no-such-container/stop", content: null);

        var write = Assert.Single(Proxy.Requests);
        Assert.Equal("POST", write.Method);
        Assert.Equal("/v1.41/containers/no-such-container/stop", write.Path);
        Assert.False(IsAllowedRead(write));
        Assert.False(IsAllowedRead(write with { Method = "GET" }));
        Assert.True(IsAllowedRead(new DockerRequest("GET", "/v1.41/containers/abc123/json")));
    }

    [GeneratedRegex(@"^(/v[0-9]+(\.[0-9]+)*(/libpod)?)?/(_ping|version|info|events|containers/json|containers/[^/]+/(json|stats))$")]
    private static partial Regex ReadPath();
}
