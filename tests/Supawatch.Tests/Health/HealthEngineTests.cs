using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;
using Supawatch.Configuration;
using Supawatch.Health;
using Supawatch.Instances;
using Supawatch.Metrics;
using Supawatch.Status;
using Supawatch.Tests.History;

namespace Supawatch.Tests.Health;

public sealed class HealthEngineTests : IDisposable
{
    private readonly HistoryTestFiles _files = new();

    [Fact]
    public async Task RunRound_KongStopsAnsweringThenReturns_ConfirmsDownOpensAndClosesIncident()
    {
        await using var kong = LoopbackServer.Http(404);
        var port = kong.Port;
        using var services = Services();
        var inventory = services.GetRequiredService<InventoryStore>();
        var engine = services.GetRequiredService<HealthEngine>();
        inventory.Publish(Fleet.Snapshot(Fleet.Instance("i1", Fleet.Container("i1", "kong", hostPort: port))));

        var first = await engine.RunRoundAsync(CancellationToken.None);
        await kong.DisposeAsync();
        var unconfirmed = await engine.RunRoundAsync(CancellationToken.None);
        var confirmed = await engine.RunRoundAsync(CancellationToken.None);
        await using var back = new LoopbackServerOn(port);
        var recovered = await engine.RunRoundAsync(CancellationToken.None);

        Assert.Equal(HealthStatus.Up, first.Instances[0].Status);
        Assert.Equal((HealthStatus.Up, HealthStatus.Down), (unconfirmed.Instances[0].Status, unconfirmed.Instances[0].Observed));
        Assert.Equal(HealthStatus.Down, confirmed.Instances[0].Status);
        Assert.Equal("kong: connection refused", Assert.Single(confirmed.History.OpenIncidents).Cause);
        Assert.Equal(HealthStatus.Up, recovered.Instances[0].Status);
        Assert.Empty(recovered.History.OpenIncidents);
        Assert.Single(recovered.History.RecentIncidents);

        var log = await File.ReadAllLinesAsync(Path.Combine(_files.Directory, "logs", HealthLogFile.FileName));
        Assert.Equal(3, log.Length);
        Assert.Contains("instance=i1 up -> down cause=\"kong: connection refused\"", log[1], StringComparison.Ordinal);
        Assert.Contains("instance=i1 down -> up", log[2], StringComparison.Ordinal);

        var status = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(_files.Directory, "status.json"))).RootElement;
        Assert.Equal("up", status.GetProperty("overall").GetString());
        Assert.Equal(4, status.GetProperty("round").GetInt64());
    }

    [Fact]
    public async Task RunRound_InstanceRemoved_SeriesAndIncidentGo()
    {
        using var services = Services();
        var inventory = services.GetRequiredService<InventoryStore>();
        var engine = services.GetRequiredService<HealthEngine>();
        var metrics = services.GetRequiredService<HealthMetrics>();
        inventory.Publish(Fleet.Snapshot(Fleet.Instance("gone1", Fleet.Container("gone1", "kong", ContainerState.Exited))));
        await engine.RunRoundAsync(CancellationToken.None);
        var before = Export(metrics);

        inventory.Publish(Fleet.Snapshot() with { Version = 2 });
        var after = await engine.RunRoundAsync(CancellationToken.None);

        Assert.Contains("supabase_instance_health_status{instance_id=\"gone1\",host=\"default\"} 3", before, StringComparison.Ordinal);
        Assert.DoesNotContain("gone1", Export(metrics), StringComparison.Ordinal);
        Assert.Empty(after.History.OpenIncidents);
    }

    [Fact]
    public async Task RunRound_DockerNeverAnsweredSinceStart_DoesNotCloseRememberedIncidents()
    {
        using (var services = Services())
        {
            services.GetRequiredService<InventoryStore>().Publish(Fleet.Snapshot(Fleet.Instance("kept1", Fleet.Container("kept1", "kong", ContainerState.Exited))));
            Assert.Single((await services.GetRequiredService<HealthEngine>().RunRoundAsync(CancellationToken.None)).History.OpenIncidents);
        }

        using var restarted = Services();
        restarted.GetRequiredService<InventoryStore>().Publish(Fleet.Snapshot() with
        {
            Version = 1,
            Sources = [new SourceStatus("docker", true, false, null, DateTimeOffset.UtcNow, "engine unreachable", 1)],
        });

        var round = await restarted.GetRequiredService<HealthEngine>().RunRoundAsync(CancellationToken.None);

        Assert.Equal("kept1", Assert.Single(round.History.OpenIncidents).InstanceId);
        Assert.Equal(HealthStatus.Down, round.History.LastStatus["kept1"].Status);
    }

    [Fact]
    public async Task RunRound_PublishesTheDocumentItWritesToStatusJson()
    {
        using var services = Services();
        services.GetRequiredService<InventoryStore>().Publish(Fleet.Snapshot(Fleet.Instance("doc1", Fleet.Container("doc1", "kong", ContainerState.Exited))));

        var round = await services.GetRequiredService<HealthEngine>().RunRoundAsync(CancellationToken.None);

        var document = services.GetRequiredService<StatusDocumentStore>().Current;
        Assert.NotNull(document);
        Assert.Equal(round.Round, document.Round);
        Assert.Equal("doc1", Assert.Single(Assert.Single(document.Organizations).Instances).InstanceId);
        Assert.Equal(StatusJson.Serialize(document).ToArray(), await File.ReadAllBytesAsync(Path.Combine(_files.Directory, "status.json")));
    }

    [Fact]
    public async Task RunRound_StatusJsonUnwritable_StillPublishesTheDocument()
    {
        using var services = Services();
        Directory.CreateDirectory(Path.Combine(_files.Directory, "status.json"));
        services.GetRequiredService<InventoryStore>().Publish(Fleet.Snapshot(Fleet.Instance("doc2", Fleet.Container("doc2", "kong", ContainerState.Exited))));

        var round = await services.GetRequiredService<HealthEngine>().RunRoundAsync(CancellationToken.None);

        Assert.Equal(round.Round, services.GetRequiredService<StatusDocumentStore>().Current?.Round);
        Assert.Equal(round.Round, services.GetRequiredService<HealthStore>().Current.Round);
        Assert.Empty(Directory.GetFiles(_files.Directory, ".status.json.*.tmp"));
    }

    public void Dispose() => _files.Dispose();

    private ServiceProvider Services()
    {
        var configuration = SupawatchConfiguration.Build(null, new Dictionary<string, string>
        {
            ["SUPAWATCH_DATA_DIR"] = _files.Directory,
            ["SUPAWATCH_LOG_DIR"] = Path.Combine(_files.Directory, "logs"),
            ["HEALTH_CHECK_INTERVAL"] = "2",
        });
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(new CollectorRegistry());
        services.AddHealth(configuration).AddStatusDocument();
        return services.BuildServiceProvider();
    }

    private static string Export(HealthMetrics metrics)
    {
        using var stream = new MemoryStream();
        using (var writer = new ExpositionWriter(stream))
        {
            metrics.Write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>An HTTP 200 server on a given port (the port a stopped server left free).</summary>
    private sealed class LoopbackServerOn : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();

        public LoopbackServerOn(int port)
        {
            _listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    await socket.ReceiveAsync(new byte[4096]);
                    await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                }
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
