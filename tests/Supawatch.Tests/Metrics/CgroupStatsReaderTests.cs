using Supawatch.Metrics;

namespace Supawatch.Tests.Metrics;

/// <summary>
/// The cgroup file layouts the reader must find, written as the kernel lays them out. This host is cgroup v1, so
/// v1 with Docker's and podman's cgroupfs paths is also proven on real engines (CgroupStatsTests); v2 and the
/// systemd driver's paths are proven here only, from the kernel's documented file formats.
/// </summary>
public sealed class CgroupStatsReaderTests : IDisposable
{
    private const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly string _root = Directory.CreateTempSubdirectory("cgroup-root").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("docker/" + Id)]
    [InlineData("system.slice/docker-" + Id + ".scope")]
    [InlineData("libpod_parent/libpod-" + Id)]
    [InlineData("machine.slice/libpod-" + Id + ".scope")]
    public void Read_V1_CpuMemoryCacheAndLimit(string relative)
    {
        Write($"cpuacct/{relative}/cpuacct.usage", "123456789\n");
        Write($"memory/{relative}/memory.usage_in_bytes", "52428800\n");
        Write($"memory/{relative}/memory.stat", "cache 1000\nrss 2000\ninactive_file 7\ntotal_cache 1000\ntotal_inactive_file 10485760\n");
        Write($"memory/{relative}/memory.limit_in_bytes", "67108864\n");

        var reading = new CgroupStatsReader(_root).Read(Id);

        Assert.Equal(new CgroupReading(123456789, 52428800, 10485760, 67108864), reading);
    }

    [Fact]
    public void Read_V1_CombinedCpuHierarchyAndNoLimit_LimitIsTheMachinesMemory()
    {
        Write($"cpu,cpuacct/docker/{Id}/cpuacct.usage", "5");
        Write($"memory/docker/{Id}/memory.usage_in_bytes", "100");
        Write($"memory/docker/{Id}/memory.stat", "total_inactive_file 0\n");
        Write($"memory/docker/{Id}/memory.limit_in_bytes", "9223372036854771712");

        var reading = new CgroupStatsReader(_root).Read(Id);

        Assert.NotNull(reading);
        Assert.Equal(MachineMemory(), reading.Value.MemoryLimitBytes);
    }

    [Theory]
    [InlineData("system.slice/docker-" + Id + ".scope")]
    [InlineData("docker/" + Id)]
    [InlineData("machine.slice/libpod-" + Id + ".scope/container")]
    public void Read_V2_UsageInMicrosecondsAndMemoryMax(string relative)
    {
        Write("cgroup.controllers", "cpuset cpu io memory pids\n");
        Write($"{relative}/cpu.stat", "usage_usec 4200\nuser_usec 4000\nsystem_usec 200\n");
        Write($"{relative}/memory.current", "2097152\n");
        Write($"{relative}/memory.stat", "anon 1048576\nfile 1048576\nactive_file 0\ninactive_file 524288\n");
        Write($"{relative}/memory.max", "max\n");

        var reading = new CgroupStatsReader(_root).Read(Id);

        Assert.Equal(new CgroupReading(4_200_000, 2097152, 524288, MachineMemory()), reading);
    }

    [Fact]
    public void Read_ContainerOfAnotherHost_IsNullSoTheApiIsAsked()
    {
        Write("memory/docker/someotherid/memory.usage_in_bytes", "1");

        Assert.Null(new CgroupStatsReader(_root).Read(Id));
        Assert.Null(new CgroupStatsReader(Path.Combine(_root, "absent")).Read(Id));
    }

    [Fact]
    public void Read_ContainerGoneAfterItWasFound_IsNullAndForgotten()
    {
        Write($"cpuacct/docker/{Id}/cpuacct.usage", "5");
        Write($"memory/docker/{Id}/memory.usage_in_bytes", "100");
        Write($"memory/docker/{Id}/memory.stat", "total_inactive_file 0\n");
        Write($"memory/docker/{Id}/memory.limit_in_bytes", "1000");
        var reader = new CgroupStatsReader(_root);
        Assert.NotNull(reader.Read(Id));

        Directory.Delete(Path.Combine(_root, "memory", "docker", Id), recursive: true);

        Assert.Null(reader.Read(Id));
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("docker")]
    [InlineData("")]
    public void Read_IdThatIsNotHex_NeverTouchesAPath(string id)
    {
        Write("cpuacct/docker/etc/cpuacct.usage", "5");

        Assert.Null(new CgroupStatsReader(_root).Read(id));
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static double MachineMemory() =>
        double.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))["MemTotal:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
}
