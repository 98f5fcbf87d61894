using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using Supawatch.Configuration;
using Supawatch.Discovery;
using Supawatch.Instances;
using Supawatch.Targets;
using Supawatch.Tests.Discovery;

namespace Supawatch.Tests.Targets;

public sealed class TargetsServiceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("supawatch-targets-").FullName;
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();

    private string Data => Path.Combine(_root, "data");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task WriteIfChanged_FolderBlockedThenBack_KeepsLastGoodFile_ReportsAndClears()
    {
        Directory.CreateDirectory(Data);
        var service = Service();
        Assert.DoesNotContain("\nsupawatch_targets_file_up ", await ExpositionAsync(), StringComparison.Ordinal);
        var first = Snapshot(1, 8001);
        Assert.True(await service.WriteIfChangedAsync(first, CancellationToken.None));
        var lastGood = await File.ReadAllTextAsync(Path.Combine(Data, "instances.json"));
        Assert.Contains("supawatch_targets_file_up 1", await ExpositionAsync(), StringComparison.Ordinal);

        // A file where the folder was: no write can succeed (root ignores permission bits, not this).
        Directory.Move(Data, Data + ".away");
        await File.WriteAllTextAsync(Data, "in the way");
        Assert.False(await service.WriteIfChangedAsync(Snapshot(2, 9001), CancellationToken.None));
        Assert.NotNull(service.Status.WriteError);
        var failing = await ExpositionAsync();
        Assert.Contains("supawatch_targets_file_up 0", failing, StringComparison.Ordinal);
        Assert.Contains("supawatch_targets_file_write_errors_total 1", failing, StringComparison.Ordinal);

        // The folder is back with the last good file, and the failed change was undone: nothing is wrong any more.
        File.Delete(Data);
        Directory.Move(Data + ".away", Data);
        Assert.False(await service.WriteIfChangedAsync(Snapshot(3, 8001), CancellationToken.None));
        Assert.Null(service.Status.WriteError);
        Assert.Equal(lastGood, await File.ReadAllTextAsync(Path.Combine(Data, "instances.json")));
        Assert.Contains("supawatch_targets_file_up 1", await ExpositionAsync(), StringComparison.Ordinal);

        Assert.True(await service.WriteIfChangedAsync(Snapshot(4, 9001), CancellationToken.None));
        Assert.Contains("127.0.0.1:9001", await File.ReadAllTextAsync(Path.Combine(Data, "instances.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteIfChanged_MetricsPortNotPublished_IsReportedNotListed()
    {
        Directory.CreateDirectory(Data);
        var service = Service();
        var snapshot = InventoryBuilder.Build(
            [
                InventoryBuilderTests.Container("i1", "rest", ContainerState.Running, new PublishedPort(3000, "127.0.0.1", 13000, "tcp")) with { MetricsPort = 9100 },
                InventoryBuilderTests.Container("i1", "auth", ContainerState.Running, new PublishedPort(9999, "127.0.0.1", 19999, "tcp")) with { MetricsPort = 0 },
            ],
            null, ["kong"], [new SourceStatus(DiscoveryHealth.Docker, true, true, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, 0)], 1, DateTimeOffset.UnixEpoch, true);

        Assert.True(await service.WriteIfChangedAsync(snapshot, CancellationToken.None));

        Assert.Equal("[]", (await File.ReadAllTextAsync(Path.Combine(Data, "instances.json"))).Trim());
        Assert.Collection(
            service.Status.Unscraped,
            auth => Assert.StartsWith("i1_auth: label supawatch.metrics_port is not a port number", auth, StringComparison.Ordinal),
            rest => Assert.Equal("i1_rest: metrics port 9100/tcp (label supawatch.metrics_port) is not published on the host; publish it (-p) or fix the port", rest));
    }

    [Fact]
    public async Task WriteLoop_ColdStartPreview_WritesTheListedTargets_ThenTheInventorys()
    {
        Directory.CreateDirectory(Data);
        var store = new InventoryStore();
        var preview = new TargetsPreview();
        using var service = Service(store, preview);
        await service.StartAsync(CancellationToken.None);
        var file = Path.Combine(Data, "instances.json");

        // The lists are in, no host has finished its inspects: the targets are written all the same.
        preview.Show(Snapshot(0, 8001) with { Sources = [] });
        Assert.Contains("127.0.0.1:8001", await WaitForFileAsync(file, "127.0.0.1:8001"), StringComparison.Ordinal);

        // The full inventory is published and the preview dropped: the file follows the inventory.
        store.Publish(Snapshot(1, 9001));
        preview.Clear();
        var full = await WaitForFileAsync(file, "127.0.0.1:9001");
        Assert.DoesNotContain("127.0.0.1:8001", full, StringComparison.Ordinal);
        await service.StopAsync(CancellationToken.None);
    }

    private static async Task<string> WaitForFileAsync(string file, string wanted)
    {
        var text = "";
        for (var i = 0; i < 400 && !text.Contains(wanted, StringComparison.Ordinal); i++)
        {
            await Task.Delay(25);
            text = File.Exists(file) ? await File.ReadAllTextAsync(file) : "";
        }

        return text;
    }

    private TargetsService Service(InventoryStore? store = null, TargetsPreview? preview = null) => new(
        store ?? new InventoryStore(),
        new DiscoveryOptions(),
        new PrometheusOptions(),
        new StorageOptions { DataDir = Data },
        new PrometheusReloadClient(new HttpClient()),
        new DiscoveryMetrics(_registry, new DiscoveryOptions()),
        TimeProvider.System,
        NullLogger<TargetsService>.Instance,
        preview);

    private static InventorySnapshot Snapshot(long version, int hostPort) => InventoryBuilder.Build(
        [InventoryBuilderTests.Container("i1", "kong", ContainerState.Running, new PublishedPort(8100, "127.0.0.1", hostPort, "tcp")) with { MetricsPort = 8100 }],
        null,
        ["kong"],
        [new SourceStatus(DiscoveryHealth.Docker, true, true, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, 0)],
        version,
        DateTimeOffset.UnixEpoch,
        true);

    private async Task<string> ExpositionAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
