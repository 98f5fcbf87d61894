using Supawatch.IntegrationTests.Fixtures;

namespace Supawatch.IntegrationTests.Health;

/// <summary>
/// <c>supawatch serve</c> as a real child process, killed with SIGKILL mid-run and restarted on the same
/// data folder: the history (uptime, the open incident) must survive and continue.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class CrashRecoveryTests(DockerEngineFixture engine) : IAsyncLifetime
{
    private const int SigKill = 9;
    private readonly string _root = TempDirectory.Create("supawatch-crash-");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await TempDirectory.DeleteAsync(_root);

    [Fact]
    public async Task Serve_KilledWithSigkillAndRestarted_KeepsHistoryAndTheOpenIncident()
    {
        var kong = await engine.RunHttpdAsync("crash_app_1_kong");
        try
        {
            var first = Start("first");
            long incidentId;
            try
            {
                await WaitForAsync(first, doc => StatusApi.StatusOf(doc, "crash_app_1") == "up" && doc.GetProperty("round").GetInt64() >= 3, "three rounds up");
                await engine.StopAsync(kong.Name, timeoutSeconds: 0);
                var down = await WaitForAsync(first, doc => StatusApi.Incidents(doc, "open", "crash_app_1").Any(), "an open incident");
                incidentId = StatusApi.Incidents(down, "open", "crash_app_1").Single().GetProperty("id").GetInt64();

                // Rounds are written every interval; kill while the loop is live, not at a quiet moment we chose.
                await first.Process.StopAsync(SigKill, TimeSpan.FromSeconds(10));
                Assert.True(first.Process.HasExited);
            }
            finally
            {
                await first.Process.DisposeAsync();
            }

            var second = Start("second");
            try
            {
                var restarted = await WaitForAsync(second, doc => doc.GetProperty("round").GetInt64() >= 1, "the first round after restart");
                var open = Assert.Single(StatusApi.Incidents(restarted, "open", "crash_app_1"));
                Assert.Equal(incidentId, open.GetProperty("id").GetInt64());
                Assert.Equal("down", StatusApi.StatusOf(restarted, "crash_app_1"));
                var uptime = StatusApi.Instance(restarted, "crash_app_1")!.Value.GetProperty("uptime").GetProperty("24h").GetDouble();
                Assert.InRange(uptime, 1, 99.999);

                await engine.StartAsync(kong.Name);
                var recovered = await WaitForAsync(second, doc => StatusApi.StatusOf(doc, "crash_app_1") == "up", "up after restart");
                Assert.Empty(StatusApi.Incidents(recovered, "open", "crash_app_1"));
                Assert.Equal(incidentId, StatusApi.Incidents(recovered, "recent", "crash_app_1").Single().GetProperty("id").GetInt64());
            }
            finally
            {
                await second.Process.DisposeAsync();
            }
        }
        finally
        {
            await engine.RemoveAsync(kong.Name);
        }
    }

    private (ServerProcess Process, string StatusUrl) Start(string name)
    {
        var statusPort = FreePort.Next();
        var dll = Path.Combine(StatusApi.RepositoryRoot(), "src", "Supawatch", "bin", Configuration(), "net10.0", "supawatch.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; build the solution first");
        var environment = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = engine.DockerHost,
            ["HEALTH_CHECK_INTERVAL"] = "2",
            ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
            ["SUPAWATCH_DATA_DIR"] = Path.Combine(_root, "data"),
            ["SUPAWATCH_LOG_DIR"] = Path.Combine(_root, "logs"),
            ["SUPAWATCH_METRICS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}",
            ["SUPAWATCH_STATUS_LISTEN"] = $"127.0.0.1:{statusPort}",
        };
        var process = ServerProcess.Start("dotnet", [dll, "serve"], Path.Combine(_root, $"{name}.log"), environment);
        return (process, $"http://127.0.0.1:{statusPort}");
    }

    private static async Task<System.Text.Json.JsonElement> WaitForAsync(
        (ServerProcess Process, string StatusUrl) server, Func<System.Text.Json.JsonElement, bool> condition, string what)
    {
        System.Text.Json.JsonElement document = default;
        try
        {
            await Wait.UntilAsync(async () =>
            {
                Assert.False(server.Process.HasExited, "supawatch exited");
                document = await StatusApi.GetAsync(server.StatusUrl);
                return condition(document);
            }, TimeSpan.FromSeconds(30), what, TimeSpan.FromMilliseconds(250));
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- supawatch log ---\n{server.Process.LogTail()}", ex);
        }

        return document;
    }

    private static string Configuration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
}
