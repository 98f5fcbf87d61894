using Supawatch.Docker;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.Metrics;
using Xunit.Abstractions;

namespace Supawatch.IntegrationTests.Metrics;

/// <summary>
/// Container CPU and memory read from the cgroup files (issue 25) agree with what the engine's own stats API says of
/// the same container, on real Docker Engine and on podman (both cgroup v1 with the cgroupfs driver on this host), and
/// <c>serve</c> uses them without a single stats API call.
/// </summary>
[Collection(EngineCollectionDefinition.Name)]
public sealed class CgroupStatsTests(DockerEngineFixture docker, PodmanFixture podman, ITestOutputHelper output)
{
    private const string CgroupRoot = "/sys/fs/cgroup";

    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    public async Task Read_SameContainer_CgroupAndStatsApiAgree(string engineName)
    {
        var engine = engineName == "podman" ? (IContainerEngine)podman : docker;
        var busy = $"cg_{engineName}_functions";
        try
        {
            // A busy loop holding about 20 MB in a shell variable, under a 64 MiB limit. Memory moves while the shell
            // fills the variable (its buffer doubles): compare only once /filled says it is done.
            var id = await engine.RunAsync(busy, "--memory", "64m", BusyboxImage.Reference,
                "sh", "-c", "x=$(head -c 20000000 /dev/zero | tr '\\0' a); touch /filled; while :; do :; done");
            await Wait.UntilAsync(async () => (await engine.CliAsync("exec", busy, "ls", "/")).Contains("filled", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60), "the container to fill its 20 MB");
            var reader = new CgroupStatsReader(CgroupRoot);
            using var api = new DockerContainerReader(new Uri(engine.DockerHost));

            var before = reader.Read(id);
            var answer = await api.StatsAsync(id, CancellationToken.None);
            var after = reader.Read(id);

            Assert.NotNull(before);
            Assert.NotNull(after);
            Assert.NotNull(answer?.CpuStats?.CpuUsage);
            var apiCpu = (double)answer.CpuStats.CpuUsage.TotalUsage;
            output.WriteLine($"{engineName}: CPU ns cgroup before {before.Value.CpuNanoseconds:0}, api {apiCpu:0}, cgroup after {after.Value.CpuNanoseconds:0}; " +
                             $"memory cgroup {before.Value.MemoryUsageBytes:0}/{after.Value.MemoryUsageBytes:0}, api {answer.MemoryStats?.Usage}; limit {before.Value.MemoryLimitBytes}, api {answer.MemoryStats?.Limit}");
            // One cumulative counter read three times in a row: the engine's value lies between ours.
            Assert.InRange(apiCpu, before.Value.CpuNanoseconds, after.Value.CpuNanoseconds);
            Assert.Equal(64.0 * 1024 * 1024, before.Value.MemoryLimitBytes);
            Assert.Equal((double?)answer.MemoryStats?.Limit, before.Value.MemoryLimitBytes);
            var apiMemory = (double)(answer.MemoryStats?.Usage ?? 0);
            Assert.True(apiMemory > 15_000_000, $"the engine sees {apiMemory} bytes");
            Assert.InRange(apiMemory, Math.Min(before.Value.MemoryUsageBytes, after.Value.MemoryUsageBytes) * 0.95,
                Math.Max(before.Value.MemoryUsageBytes, after.Value.MemoryUsageBytes) * 1.05);
        }
        finally
        {
            await engine.RemoveAsync(busy);
        }
    }

    [Fact]
    public async Task Serve_StatsFromCgroups_BusyLoopShownWithoutOneStatsApiCall()
    {
        const string Busy = "cgs_app_1_functions";
        try
        {
            await docker.RunAsync(Busy, BusyboxImage.Reference, "sh", "-c", "while :; do :; done");
            await using var server = await SupawatchServer.StartAsync(new Dictionary<string, string>
            {
                ["DOCKER_HOST"] = docker.DockerHost,
                ["SUPAWATCH_STATS_INTERVAL"] = "1",
                ["SUPAWATCH_STATS_SOURCE"] = "cgroup",
            });

            var metrics = new Exposition(await server.MetricsWhenAsync(
                m => new Exposition(m).Value("supabase_docker_container_cpu_usage_percent", ("container_name", Busy)) > 20,
                "a busy loop's CPU from its cgroup"));

            output.WriteLine($"busy loop {metrics.Value("supabase_docker_container_cpu_usage_percent", ("container_name", Busy)):0} % of a core, " +
                             $"{metrics.Value("supabase_docker_container_memory_usage_bytes", ("container_name", Busy)):0} bytes");
            Assert.True(metrics.Value("supabase_docker_container_memory_usage_bytes", ("container_name", Busy)) > 0);
            Assert.True(metrics.Value("supawatch_stats_reads_total", ("source", "cgroup")) >= 2);
            Assert.Null(metrics.Value("supawatch_stats_reads_total", ("source", "api")));
        }
        finally
        {
            await docker.RemoveAsync(Busy);
        }
    }
}
