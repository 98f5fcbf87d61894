using System.Diagnostics;
using Supawatch.Health;
using Supawatch.Instances;

namespace Supawatch.Tests.Health;

public sealed class ProbeRunnerTests
{
    [Fact]
    public async Task Run_ManyEndpointsHang_RoundTakesOneTimeoutWaveAndOthersAreUp()
    {
        // 20 hanging checks in 64 slots take one wave (~1 timeout); serialized they would take two or more.
        // The bound sits below two timeouts, leaving room for a loaded test machine (the benchmark measures tightly).
        var timeout = TimeSpan.FromSeconds(2);
        var options = new HealthOptions { Interval = TimeSpan.FromSeconds(5), Timeout = timeout, Concurrency = 64 };
        await using var silent = LoopbackServer.Silent();
        await using var ok = LoopbackServer.Http(200);
        var checks = Enumerable.Range(0, 40)
            .Select(i => new HealthCheck($"i{i}", "studio", CheckNames.Http, Fleet.Container($"i{i}", "studio"), i % 2 == 0 ? silent.Address : ok.Address))
            .ToList();
        var runner = new ProbeRunner(new PostgresProbe(), options);
        var stopwatch = Stopwatch.StartNew();

        var results = await runner.RunAsync(checks, new Dictionary<string, int>(), CancellationToken.None);

        Assert.True(stopwatch.Elapsed < timeout * 1.9, $"round took {stopwatch.Elapsed}");
        Assert.True(stopwatch.Elapsed >= timeout, $"round took {stopwatch.Elapsed}, less than the hang timeout");
        Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.Equal(HealthStatus.Up, r.Status));
        Assert.All(results.Where((_, i) => i % 2 == 0), r => Assert.Equal(HealthStatus.Down, r.Status));
    }

    [Fact]
    public async Task Run_StoppedContainer_SkipsNetworkProbeAndReportsContainer()
    {
        var options = new HealthOptions { Timeout = TimeSpan.FromSeconds(1) };
        var kong = Fleet.Container("i1", "kong", ContainerState.Exited, hostPort: LoopbackServer.ClosedPort()) with { ExitCode = 137 };
        var checks = new HealthPlanner(options, "127.0.0.1").Plan(Fleet.Snapshot(Fleet.Instance("i1", kong)));
        var runner = new ProbeRunner(new PostgresProbe(), options);

        var results = await runner.RunAsync(checks, new Dictionary<string, int>(), CancellationToken.None);

        Assert.Equal(HealthStatus.Down, results.Single(r => r.Check == CheckNames.Container).Status);
        Assert.Equal("container exited (code 137)", results.Single(r => r.Check == CheckNames.Container).Reason);
        Assert.Equal(HealthStatus.Unknown, results.Single(r => r.Check == CheckNames.Http).Status);
    }

    [Fact]
    public async Task Run_RestartCountRose_ContainerIsDegraded()
    {
        var options = new HealthOptions();
        var db = Fleet.Container("i1", "db") with { RestartCount = 5 };
        var runner = new ProbeRunner(new PostgresProbe(), options);
        var checks = new[] { new HealthCheck("i1", "db", CheckNames.Container, db, null) };

        var results = await runner.RunAsync(checks, new Dictionary<string, int> { [db.Id] = 3 }, CancellationToken.None);

        Assert.Equal(HealthStatus.Degraded, results[0].Status);
        Assert.Equal(5, results[0].RestartCount);
    }
}
