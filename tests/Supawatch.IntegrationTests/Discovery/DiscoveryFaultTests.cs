using System.Net.Sockets;
using Supawatch.Cli;
using Supawatch.Configuration;
using Supawatch.Discovery;
using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Discovery;

/// <summary>Sources that are missing, hung or unreachable: the service stays up, says what to fix and writes nothing bad.</summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class DiscoveryFaultTests(DockerEngineFixture engine)
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Discover_DockerSocketMissing_ExitsOneNamingDockerHost_AndWritesNothing()
    {
        var dataDir = TempDirectory.Create("supawatch-discover-");
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = $"unix://{dataDir}/missing.sock",
            ["SUPAWATCH_DATA_DIR"] = dataDir,
        });
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await DiscoverCommand.RunAsync(configuration, output, errors, CancellationToken.None);

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("DOCKER_HOST", errors.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dataDir, "instances.json")));
    }

    [Fact]
    public async Task Discover_RealEngine_PrintsTableWritesFileExitsZero()
    {
        var kong = await engine.RunHttpdAsync("cli_app_1_kong");
        var dataDir = TempDirectory.Create("supawatch-discover-");
        try
        {
            var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["SUPAWATCH_DATA_DIR"] = dataDir,
            });
            var output = new StringWriter();

            var exit = await DiscoverCommand.RunAsync(configuration, output, new StringWriter(), CancellationToken.None);

            Assert.Equal(ExitCodes.Ok, exit);
            Assert.Matches(@"cli_app_1\s+-\s+-\s+running\s+1/1 running\s+studio,db", output.ToString());
            Assert.Contains($"127.0.0.1:{kong.HostPort}", await File.ReadAllTextAsync(Path.Combine(dataDir, "instances.json")), StringComparison.Ordinal);
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    [Fact]
    public async Task Serve_DockerSocketHangs_StaysAliveNotReady_AndSaysWhy()
    {
        var dir = TempDirectory.Create("supawatch-hung-");
        var socketPath = Path.Combine(dir, "hung.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(16);
        var accepted = new List<Socket>();
        using var stop = new CancellationTokenSource();
        var acceptLoop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                accepted.Add(await listener.AcceptAsync(stop.Token));
            }
        });

        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = "unix://" + socketPath,
                ["SUPAWATCH_DOCKER_TIMEOUT"] = "1",
            });

            await Wait.UntilAsync(
                async () => (await server.SourceAsync(DiscoveryHealth.Docker)).GetProperty("errors").GetInt64() > 0,
                Live, "the hung engine reported");
            Assert.True((await server.GetAsync("/healthz")).IsSuccessStatusCode);
            var ready = await server.GetAsync("/readyz");
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("did not answer in time", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.False(File.Exists(server.InstancesFile));
        }
        finally
        {
            await stop.CancelAsync();
            await acceptLoop.ContinueWith(_ => { }, TaskScheduler.Default);
            accepted.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Serve_MasterDbUnreachable_DiscoversFromDockerAlone_WithoutLeakingThePassword()
    {
        var kong = await engine.RunHttpdAsync("nodb_app_1_kong");
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["MASTER_DB_URL"] = $"postgresql://admin:s3cr3t-pw@127.0.0.1:{FreePort.Next()}/master",
            });

            await Wait.UntilAsync(async () => (await server.SdInstanceIdsAsync()).Contains("nodb_app_1"), Live, "Docker-only discovery");
            var source = await server.SourceAsync(DiscoveryHealth.MasterDb);
            Assert.False(source.GetProperty("up").GetBoolean());
            var error = source.GetProperty("last_error").GetString()!;
            Assert.Contains("MASTER_DB_URL", error, StringComparison.Ordinal);
            Assert.Contains("admin:***@", error, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t-pw", (await server.InstancesAsync()).ToString(), StringComparison.Ordinal);
            Assert.False((await server.InstancesAsync()).GetProperty("complete").GetBoolean());
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    [Fact]
    public async Task Serve_StatusListener_DoesNotServeTheOperatorApi()
    {
        await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string> { ["DOCKER_HOST"] = engine.DockerHost });
        using var http = new HttpClient();

        var api = await http.GetAsync(server.StatusUrl + "/api/v1/instances");
        var sd = await http.GetAsync(server.StatusUrl + "/sd");
        var metrics = await http.GetAsync(server.StatusUrl + "/metrics");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, sd.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.True((await server.GetAsync("/api/v1/instances")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Serve_DataDirUnwritable_KeepsServingSdAndSaysWhy()
    {
        var notADirectory = Path.Combine(TempDirectory.Create("supawatch-blocked-"), "data");
        await File.WriteAllTextAsync(notADirectory, "a file where the data folder should be");
        var kong = await engine.RunHttpdAsync("ro_app_1_kong");
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["SUPAWATCH_DATA_DIR"] = notADirectory,
            });

            await Wait.UntilAsync(
                async () => (await server.InstancesAsync()).GetProperty("targets").GetProperty("write_error").ValueKind == System.Text.Json.JsonValueKind.String,
                Live, "the write error reported");
            Assert.Contains("ro_app_1", await server.SdInstanceIdsAsync());
            Assert.Equal("a file where the data folder should be", await File.ReadAllTextAsync(notADirectory));
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }
}
