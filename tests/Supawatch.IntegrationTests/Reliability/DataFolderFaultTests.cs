using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Reliability;

/// <summary>
/// The data folder on a real file system that turns read-only or fills up while <c>serve</c> runs (a 1 MiB tmpfs,
/// remounted read-only or filled with zeros): the last good <c>instances.json</c> stays whole, <c>/sd</c> keeps
/// following the inventory, the error is reported, and the file catches up on its own once the folder is writable.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class DataFolderFaultTests(DockerEngineFixture engine, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(30);
    private readonly string _root = TempDirectory.Create("datafault");

    private string Data => Path.Combine(_root, "data");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Data);
        await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", Data]);
    }

    public async Task DisposeAsync() => await TempDirectory.DeleteAsync(_root);

    [Fact]
    public async Task Serve_DataFolderReadOnly_KeepsLastGoodFileAndSd_ReportsThenCatchesUp()
    {
        await RunFaultAsync(
            "ro",
            breakIt: () => ProcessRunner.RunAsync("mount", ["-o", "remount,ro", Data]),
            repair: () => ProcessRunner.RunAsync("mount", ["-o", "remount,rw", Data]));
    }

    [Fact]
    public async Task Serve_DataFolderFull_KeepsLastGoodFileAndSd_ReportsThenCatchesUp()
    {
        var filler = Path.Combine(Data, "filler");
        await RunFaultAsync(
            "full",
            breakIt: () => FillAsync(filler),
            repair: () =>
            {
                File.Delete(filler);
                return Task.CompletedTask;
            });
    }

    private async Task RunFaultAsync(string prefix, Func<Task> breakIt, Func<Task> repair)
    {
        var first = await engine.RunHttpdAsync($"{prefix}_app_1_kong");
        var second = $"{prefix}_app_2_kong";
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["DISCOVERY_INTERVAL"] = "1",
                ["SUPAWATCH_DATA_DIR"] = Data,
                ["SUPAWATCH_LOG_DIR"] = Path.Combine(_root, "logs"),
                ["SUPAWATCH_HISTORY_PATH"] = Path.Combine(_root, "history.db"),
            });
            var file = server.InstancesFile;
            await Wait.UntilAsync(async () => File.Exists(file) && (await File.ReadAllTextAsync(file)).Contains($"{prefix}_app_1", StringComparison.Ordinal),
                Live, "the first instance written to instances.json");
            var lastGood = await File.ReadAllTextAsync(file);

            await breakIt();
            var repaired = false;
            try
            {
                await engine.RunHttpdAsync(second);
                await Wait.UntilAsync(async () => (await server.SdInstanceIdsAsync()).Contains($"{prefix}_app_2"), Live, "the new instance on /sd while the folder fails");
                await Wait.UntilAsync(async () => Targets(await server.InstancesAsync()).GetProperty("write_error").ValueKind == JsonValueKind.String,
                    Live, "the write error reported on /api/v1/instances");

                // The last good file, whole: never emptied, never half-written, and nothing else left beside it.
                var kept = await File.ReadAllTextAsync(file);
                Assert.Equal(lastGood, kept);
                Assert.Contains($"{prefix}_app_1", InstanceIds(kept));
                Assert.Contains($"{prefix}_app_1", await server.SdInstanceIdsAsync());
                Assert.DoesNotContain(Directory.GetFiles(Data), f => Path.GetFileName(f).EndsWith(".tmp", StringComparison.Ordinal));
                await server.MetricsWhenAsync(m => new Exposition(m) is var e
                                                   && e.Value("supawatch_targets_file_up") == 0
                                                   && e.Value("supawatch_targets_file_write_errors_total") >= 1,
                    "the failing writes on /metrics");

                await repair();
                repaired = true;
            }
            finally
            {
                if (!repaired)
                {
                    await repair();
                }
            }

            // The next reconcile (every second here) writes the file again without anyone restarting anything.
            var writable = System.Diagnostics.Stopwatch.StartNew();
            await Wait.UntilAsync(async () => File.Exists(file) && InstanceIds(await File.ReadAllTextAsync(file)).Contains($"{prefix}_app_2"),
                Live, "instances.json to catch up once the folder is writable");
            output.WriteLine($"{prefix}: instances.json caught up {writable.Elapsed.TotalSeconds:0.0} s after the folder was writable again");
            await Wait.UntilAsync(async () => Targets(await server.InstancesAsync()).GetProperty("write_error").ValueKind == JsonValueKind.Null,
                Live, "the write error cleared");
            Assert.Equal(JsonValueKind.String, Targets(await server.InstancesAsync()).GetProperty("last_write").ValueKind);
            await server.MetricsWhenAsync(m => new Exposition(m).Value("supawatch_targets_file_up") == 1, "the recovery on /metrics");
        }
        finally
        {
            await engine.RemoveAsync(first.Name);
            await engine.RemoveAsync(second).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private static JsonElement Targets(JsonElement inventory) => inventory.GetProperty("targets");

    /// <summary>The instance ids in a file_sd document; throws when it is not valid JSON.</summary>
    private static HashSet<string> InstanceIds(string fileSd) =>
        JsonDocument.Parse(fileSd).RootElement.EnumerateArray()
            .Select(g => g.GetProperty("labels").GetProperty("instance_id").GetString()!)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Writes zeros until the file system says it is full.</summary>
    private static async Task FillAsync(string path)
    {
        var chunk = new byte[4096];
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            for (var i = 0; i < 1024; i++)
            {
                await stream.WriteAsync(chunk);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the folder is full, as intended.
        }

        Assert.True(new FileInfo(path).Length > 0);
    }
}
