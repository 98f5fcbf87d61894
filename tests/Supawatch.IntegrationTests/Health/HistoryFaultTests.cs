using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Health;

/// <summary>
/// The history store on a real full disk (a 512 KiB tmpfs filled up): checking goes on, the fault is reported on
/// the page, in status.json and in the metrics, and the rounds kept in memory land once space is freed.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class HistoryFaultTests(DockerEngineFixture engine) : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _root = TempDirectory.Create("supawatch-fulldisk-");

    private string Disk => Path.Combine(_root, "disk");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Disk);
        await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", "size=512k", "tmpfs", Disk]);
    }

    public async Task DisposeAsync() => await TempDirectory.DeleteAsync(_root);

    [Fact]
    public async Task Serve_HistoryDiskFull_KeepsCheckingReportsAndCatchesUpWhenFreed()
    {
        var kong = await engine.RunHttpdAsync("full_app_1_kong");
        try
        {
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = engine.DockerHost,
                ["HEALTH_CHECK_INTERVAL"] = "1",
                ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
                ["SUPAWATCH_HISTORY_PATH"] = Path.Combine(Disk, "history.db"),
            });
            await Wait.UntilAsync(async () => (await StatusApi.GetAsync(server.StatusUrl)).GetProperty("round").GetInt64() >= 2,
                TimeSpan.FromSeconds(20), "two rounds");
            Assert.True((await StatusApi.GetAsync(server.StatusUrl)).GetProperty("problems").GetProperty("history_ok").GetBoolean());

            await FillAsync(Path.Combine(Disk, "filler"));
            await Wait.UntilAsync(async () => !(await StatusApi.GetAsync(server.StatusUrl)).GetProperty("problems").GetProperty("history_ok").GetBoolean(),
                TimeSpan.FromSeconds(30), "the history store to report the full disk");
            var failing = await StatusApi.GetAsync(server.StatusUrl);
            var failingRound = failing.GetProperty("round").GetInt64();
            await Wait.UntilAsync(async () => (await StatusApi.GetAsync(server.StatusUrl)).GetProperty("round").GetInt64() >= failingRound + 2,
                TimeSpan.FromSeconds(20), "rounds to go on while the store fails");
            var during = await StatusApi.GetAsync(server.StatusUrl);
            Assert.Equal("up", StatusApi.StatusOf(during, "full_app_1"));
            Assert.True(during.GetProperty("problems").GetProperty("pending_rounds").GetInt32() >= 1);
            Assert.Contains("id=\"history-banner\"", await Http.GetStringAsync(server.StatusUrl + "/status"), StringComparison.Ordinal);
            await server.MetricsWhenAsync(m => m.Contains("supawatch_health_history_store_up 0", StringComparison.Ordinal), "history store reported down on /metrics");

            File.Delete(Path.Combine(Disk, "filler"));
            await Wait.UntilAsync(async () =>
                    (await StatusApi.GetAsync(server.StatusUrl)).GetProperty("problems") is var p
                    && p.GetProperty("history_ok").GetBoolean() && p.GetProperty("pending_rounds").GetInt32() == 0,
                TimeSpan.FromSeconds(20), "the store to recover and write the pending rounds");
            var recovered = await StatusApi.GetAsync(server.StatusUrl);
            Assert.Equal(100, StatusApi.Instance(recovered, "full_app_1")!.Value.GetProperty("uptime").GetProperty("24h").GetDouble());
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    /// <summary>Writes zeros until the file system says it is full.</summary>
    private static async Task FillAsync(string path)
    {
        var chunk = new byte[4096];
        // Unbuffered, so the write that hits ENOSPC throws here and disposing has nothing left to flush.
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        try
        {
            for (var i = 0; i < 1024; i++)
            {
                await stream.WriteAsync(chunk);
                await stream.FlushAsync();
            }
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full, as intended.
        }

        Assert.True(new FileInfo(path).Length > 0);
    }
}
