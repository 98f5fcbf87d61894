using System.Text.Json;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Health;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Reliability;

/// <summary>
/// The built <c>supawatch serve</c> killed with SIGKILL three times while it rewrites its files — status.json every
/// round (1 s), instances.json on every change of a churning tenant — and restarted on the same data folder each
/// time: every file it leaves parses and holds every steady tenant, and the restarted service carries on.
/// (History and the open incident across a SIGKILL: <see cref="Health.CrashRecoveryTests"/>.)
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class SigkillMidWriteTests(DockerEngineFixture engine, ITestOutputHelper output) : IAsyncLifetime
{
    private const int SigKill = 9;
    private const int Kills = 3;
    private readonly string _root = TempDirectory.Create("sigkill");

    private string Data => Path.Combine(_root, "data");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await TempDirectory.DeleteAsync(_root);

    [Fact]
    public async Task Serve_KilledMidWriteThreeTimes_FilesStayValidAndWholeAndServiceCarriesOn()
    {
        var steady = new[] { await engine.RunHttpdAsync("kill_app_1_kong"), await engine.RunHttpdAsync("kill_app_2_kong") };
        using var stopChurn = new CancellationTokenSource();
        var churn = ChurnAsync(stopChurn.Token);
        try
        {
            for (var kill = 1; kill <= Kills + 1; kill++)
            {
                var (process, statusUrl) = Start($"run{kill}");
                try
                {
                    await Wait.UntilAsync(async () =>
                        {
                            Assert.False(process.HasExited, "supawatch exited");
                            var doc = await StatusApi.GetAsync(statusUrl);
                            return doc.GetProperty("round").GetInt64() >= 2
                                   && StatusApi.StatusOf(doc, "kill_app_1") == "up"
                                   && File.Exists(Path.Combine(Data, "instances.json"))
                                   && InstanceIds(await File.ReadAllTextAsync(Path.Combine(Data, "instances.json"))).Contains("kill_app_2");
                        },
                        TimeSpan.FromSeconds(60), $"run {kill}: two rounds, and both steady tenants in instances.json", TimeSpan.FromMilliseconds(250));
                    if (kill > Kills)
                    {
                        break;
                    }

                    // Not at a quiet moment we chose: a different point of the 1 s write cycle each time.
                    var delay = Random.Shared.Next(100, 1500);
                    await Task.Delay(TimeSpan.FromMilliseconds(delay));
                    output.WriteLine($"run {kill}: SIGKILL {delay} ms after it was ready");
                    await process.StopAsync(SigKill, TimeSpan.FromSeconds(10));
                    Assert.True(process.HasExited);
                }
                catch (TimeoutException ex)
                {
                    throw new InvalidOperationException($"{ex.Message}\n--- supawatch log ---\n{process.LogTail()}", ex);
                }
                finally
                {
                    await process.DisposeAsync();
                }

                // What a crash leaves behind: whole files, never an empty or truncated target list.
                var targets = InstanceIds(await File.ReadAllTextAsync(Path.Combine(Data, "instances.json")));
                Assert.Contains("kill_app_1", targets);
                Assert.Contains("kill_app_2", targets);
                using var status = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Data, "status.json")));
                Assert.True(status.RootElement.GetProperty("round").GetInt64() >= 2);
                output.WriteLine($"after kill {kill}: instances.json holds {targets.Count} instances, status.json round {status.RootElement.GetProperty("round").GetInt64()}, {Directory.GetFiles(Data, ".*.tmp").Length} temp files left beside them");
            }
        }
        finally
        {
            await stopChurn.CancelAsync();
            await churn;
            foreach (var httpd in steady)
            {
                await engine.RemoveAsync(httpd.Name);
            }

            foreach (var name in new[] { "churn_app_0_kong", "churn_app_1_kong" })
            {
                await engine.RemoveAsync(name).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Adds and removes a tenant over and over, so instances.json is rewritten every second or so.</summary>
    private async Task ChurnAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 200 && !cancellationToken.IsCancellationRequested; i++)
        {
            try
            {
                var name = $"churn_app_{i % 2}_kong";
                await engine.RunHttpdAsync(name);
                await engine.RemoveAsync(name);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
            {
                // A busy engine is no reason to stop; the steady tenants are what the test asserts on.
            }
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
            ["DISCOVERY_INTERVAL"] = "2",
            ["HEALTH_CHECK_INTERVAL"] = "1",
            ["SUPAWATCH_EXPECTED_COMPONENTS"] = "kong",
            ["SUPAWATCH_DATA_DIR"] = Data,
            ["SUPAWATCH_LOG_DIR"] = Path.Combine(_root, "logs"),
            ["SUPAWATCH_METRICS_LISTEN"] = $"127.0.0.1:{FreePort.Next()}",
            ["SUPAWATCH_STATUS_LISTEN"] = $"127.0.0.1:{statusPort}",
        };
        var process = ServerProcess.Start("dotnet", [dll, "serve"], Path.Combine(_root, $"{name}.log"), environment);
        return (process, $"http://127.0.0.1:{statusPort}");
    }

    private static HashSet<string> InstanceIds(string fileSd) =>
        JsonDocument.Parse(fileSd).RootElement.EnumerateArray()
            .Select(g => g.GetProperty("labels").GetProperty("instance_id").GetString()!)
            .ToHashSet(StringComparer.Ordinal);

    private static string Configuration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
}
