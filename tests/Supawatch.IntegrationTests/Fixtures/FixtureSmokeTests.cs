using Docker.DotNet.Models;
using Npgsql;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// Proves each fixture starts a real server that answers on 127.0.0.1. In the shared podman collection:
/// two podman services running side by side race each other over netavark's iptables chains.
/// </summary>
[Collection(PodmanCollectionDefinition.Name)]
public sealed class FixtureSmokeTests(PodmanFixture podman, PostgresFixture postgres, PrometheusFixture prometheus)
    : IClassFixture<PostgresFixture>, IClassFixture<PrometheusFixture>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task PodmanFixture_RunHttpd_ServesIndexOnPublishedLoopbackPort()
    {
        var httpd = await podman.RunHttpdAsync("smoke-httpd");

        var page = await Http.GetStringAsync(httpd.Url);

        Assert.Contains("supawatch test page smoke-httpd", page, StringComparison.Ordinal);
        await podman.RemoveAsync(httpd.Name);
    }

    [Fact]
    public async Task PodmanFixture_DockerApi_ListsContainerWithLabelsAndPort()
    {
        var labels = new Dictionary<string, string> { ["com.supabase.test"] = "smoke" };
        var httpd = await podman.RunHttpdAsync("smoke-api", labels: labels);
        using var client = podman.CreateDockerClient();

        var listed = await ListAsync(client, "/smoke-api");

        Assert.Equal(httpd.Id, listed.ID);
        Assert.Equal("running", listed.State);
        Assert.Equal("smoke", listed.Labels["com.supabase.test"]);
        Assert.Contains(listed.Ports, port => port.PublicPort == httpd.HostPort && port.PrivatePort == 80 && port.IP == "127.0.0.1");
        await podman.RemoveAsync(httpd.Name);
    }

    [Fact]
    public async Task PodmanFixture_LifecycleHelpers_ShowThroughDockerApi()
    {
        var httpd = await podman.RunHttpdAsync("smoke-life");
        using var client = podman.CreateDockerClient();

        await podman.StopAsync(httpd.Name, timeoutSeconds: 0);
        Assert.Equal("exited", (await ListAsync(client, "/smoke-life")).State);
        await podman.StartAsync(httpd.Name);
        Assert.Equal("running", (await ListAsync(client, "/smoke-life")).State);
        await podman.RenameAsync(httpd.Name, "smoke-life-renamed");
        Assert.Equal(httpd.Id, (await ListAsync(client, "/smoke-life-renamed")).ID);
        await podman.KillAsync("smoke-life-renamed");
        // podman reports "stopped" until its cleanup process has run; Docker would say "exited" at once.
        await Wait.UntilAsync(
            async () => (await ListAsync(client, "/smoke-life-renamed")).State == "exited",
            TimeSpan.FromSeconds(10),
            "the killed container to show as exited");
        await podman.RemoveAsync("smoke-life-renamed");
        Assert.DoesNotContain(await client.Containers.ListContainersAsync(new ContainersListParameters { All = true }), c => c.ID == httpd.Id);
    }

    [Fact]
    public async Task PodmanFixture_PostgresDbContainer_AnswersSelectOneOnPublishedPort()
    {
        var db = await podman.RunPostgresDbAsync("smoke_db");

        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        var result = await command.ExecuteScalarAsync();

        Assert.Equal(1, result);
        await connection.CloseAsync();
        await podman.RemoveAsync(db.Name);
    }

    [Fact]
    public async Task PodmanFixture_ServiceRestart_ContainerListSurvives()
    {
        var httpd = await podman.RunHttpdAsync("smoke-restart");

        await podman.StopServiceAsync();
        Assert.False(File.Exists(podman.SocketPath));
        Assert.Contains("supawatch test page", await Http.GetStringAsync(httpd.Url), StringComparison.Ordinal);
        await podman.StartServiceAsync();

        using var client = podman.CreateDockerClient();
        var listed = await ListAsync(client, "/smoke-restart");
        Assert.Equal(httpd.Id, listed.ID);
        Assert.Equal("running", listed.State);
        await podman.RemoveAsync(httpd.Name);
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

    private static async Task<ContainerListResponse> ListAsync(global::Docker.DotNet.DockerClient client, string name)
    {
        var containers = await client.Containers.ListContainersAsync(new ContainersListParameters { All = true });
        return Assert.Single(containers, c => c.Names.Contains(name));
    }
}
