using Docker.DotNet.Models;
using Npgsql;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// Proves each fixture starts a real server that answers on 127.0.0.1; the engine helpers on both engines (the
/// <see cref="EngineCollectionDefinition"/>'s Docker Engine and podman), so a test written against <see cref="IContainerEngine"/>
/// runs on either.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class FixtureSmokeTests(DockerEngineFixture docker, PodmanFixture podman, PostgresFixture postgres, PrometheusFixture prometheus)
    : IClassFixture<PostgresFixture>, IClassFixture<PrometheusFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    public async Task Engine_RunHttpd_ServesIndexOnPublishedLoopbackPort(string engineName)
    {
        var engine = Engine(engineName);
        var httpd = await engine.RunHttpdAsync("smoke-httpd");

        var page = await Http.GetStringAsync(httpd.Url);

        Assert.Contains("supawatch test page smoke-httpd", page, StringComparison.Ordinal);
        await engine.RemoveAsync(httpd.Name);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    public async Task Engine_DockerApi_ListsContainerWithLabelsAndPort(string engineName)
    {
        var engine = Engine(engineName);
        var labels = new Dictionary<string, string> { ["com.supabase.test"] = "smoke" };
        var httpd = await engine.RunHttpdAsync("smoke-api", labels: labels);
        using var client = engine.CreateDockerClient();

        var listed = await ListAsync(client, "/smoke-api");

        Assert.Equal(httpd.Id, listed.ID);
        Assert.Equal("running", listed.State);
        Assert.Equal("smoke", listed.Labels["com.supabase.test"]);
        Assert.Contains(listed.Ports, port => port.PublicPort == httpd.HostPort && port.PrivatePort == 80 && port.IP == "127.0.0.1");
        await engine.RemoveAsync(httpd.Name);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    public async Task Engine_LifecycleHelpers_ShowThroughDockerApi(string engineName)
    {
        var engine = Engine(engineName);
        var httpd = await engine.RunHttpdAsync("smoke-life");
        using var client = engine.CreateDockerClient();

        await engine.StopAsync(httpd.Name, timeoutSeconds: 0);
        Assert.Equal("exited", (await ListAsync(client, "/smoke-life")).State);
        await engine.StartAsync(httpd.Name);
        Assert.Equal("running", (await ListAsync(client, "/smoke-life")).State);
        await engine.PauseAsync(httpd.Name);
        Assert.Equal("paused", (await ListAsync(client, "/smoke-life")).State);
        await engine.UnpauseAsync(httpd.Name);
        await engine.RenameAsync(httpd.Name, "smoke-life-renamed");
        Assert.Equal(httpd.Id, (await ListAsync(client, "/smoke-life-renamed")).ID);
        await engine.KillAsync("smoke-life-renamed");
        // podman reports "stopped" until its cleanup process has run; Docker says "exited" at once.
        await Wait.UntilAsync(
            async () => (await ListAsync(client, "/smoke-life-renamed")).State == "exited",
            TimeSpan.FromSeconds(10),
            "the killed container to show as exited");
        await engine.RemoveAsync("smoke-life-renamed");
        Assert.DoesNotContain(await client.Containers.ListContainersAsync(new ContainersListParameters { All = true }), c => c.ID == httpd.Id);
        await engine.RemoveAsync("smoke-life-renamed"); // already gone: not an error
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    public async Task Engine_PostgresDbContainer_AnswersSelectOneOnPublishedPort(string engineName)
    {
        var engine = Engine(engineName);
        var db = await engine.RunPostgresDbAsync("smoke_db");

        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        var result = await command.ExecuteScalarAsync();

        Assert.Equal(1, result);
        await connection.CloseAsync();
        await engine.RemoveAsync(db.Name);
    }

    /// <summary>podman's containers outlive its API service; Docker's die with dockerd and come back exited.</summary>
    [Theory]
    [InlineData("docker", "exited")]
    [InlineData("podman", "running")]
    public async Task Engine_KilledAndStartedAgain_ContainerListedAsTheEngineLeavesIt(string engineName, string stateAfter)
    {
        var engine = Engine(engineName);
        var httpd = await engine.RunHttpdAsync("smoke-restart");

        await engine.KillEngineAsync();
        Assert.False(File.Exists(engine.SocketPath) && await PingsAsync(engine.SocketPath));
        await engine.StartEngineAsync();

        using var client = engine.CreateDockerClient();
        var listed = await ListAsync(client, "/smoke-restart");
        Assert.Equal(httpd.Id, listed.ID);
        Assert.Equal(stateAfter, listed.State);
        await engine.RemoveAsync(httpd.Name);
    }

    [Fact]
    public async Task DockerEngineFixture_SecondEngineAtOnce_OwnBridgeAndBothPublishOnLoopback()
    {
        var second = new DockerEngineFixture();
        await second.InitializeAsync();
        try
        {
            var one = await docker.RunHttpdAsync("smoke-two-a");
            var two = await second.RunHttpdAsync("smoke-two-b");

            Assert.Contains("smoke-two-a", await Http.GetStringAsync(one.Url), StringComparison.Ordinal);
            Assert.Contains("smoke-two-b", await Http.GetStringAsync(two.Url), StringComparison.Ordinal);
            Assert.NotEqual(await BridgeOfAsync(docker, one.Name), await BridgeOfAsync(second, two.Name));
            await docker.RemoveAsync(one.Name);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task PostgresFixture_Server_AnswersSelectOne()
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);

        Assert.Equal(1, await command.ExecuteScalarAsync());
        Assert.Equal(-1, await postgres.ExecuteAsync("SELECT 1"));
        Assert.StartsWith("postgresql://postgres@127.0.0.1:", postgres.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrometheusFixture_SelfScrape_TargetUpAndQueryable()
    {
        await prometheus.StartAsync(prometheus.SelfScrapeConfig);

        IReadOnlyList<PrometheusTarget> targets = [];
        await Wait.UntilAsync(
            async () => (targets = await prometheus.GetActiveTargetsAsync()).Any(t => t.Health == "up"),
            TimeSpan.FromSeconds(30),
            "Prometheus's self-scrape target to be up");
        var up = await prometheus.QueryAsync("up{job=\"prometheus\"}");

        var target = Assert.Single(targets);
        Assert.Equal("prometheus", target.Labels["job"]);
        Assert.Equal($"127.0.0.1:{prometheus.Port}", target.Labels["instance"]);
        Assert.Equal("1", Assert.Single(up.GetProperty("result").EnumerateArray()).GetProperty("value")[1].GetString());
    }

    private IContainerEngine Engine(string name) => name == "podman" ? podman : docker;

    private static async Task<bool> PingsAsync(string socketPath)
    {
        using var client = UnixSocketHttp.CreateClient(socketPath, TimeSpan.FromSeconds(2));
        try
        {
            return await client.GetStringAsync("_ping") == "OK";
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static async Task<string> BridgeOfAsync(DockerEngineFixture engine, string container) =>
        await engine.CliAsync("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.Gateway}}{{end}}", container);

    private static async Task<ContainerListResponse> ListAsync(global::Docker.DotNet.DockerClient client, string name)
    {
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        return Assert.Single(containers, c => c.Names.Contains(name));
    }
}
