using Supawatch.Metrics;
using Xunit.Abstractions;

namespace Supawatch.Tests.Metrics;

/// <summary>
/// The cgroup file layouts the reader must find, written as the kernel lays them out. This host is cgroup v1, so
/// v1 with Docker's and podman's cgroupfs paths is also proven on real engines (CgroupStatsTests); v2 and the
/// systemd driver's paths are proven here only, from the kernel's documented file formats.
/// </summary>
public sealed class CgroupStatsReaderTests(ITestOutputHelper output) : IDisposable
{
    private const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly string _root = Directory.CreateTempSubdirectory("cgroup-root").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("docker/" + Id)]
    [InlineData("system.slice/docker-" + Id + ".scope")]
    [InlineData("libpod_parent/libpod-" + Id)]
    [InlineData("machine.slice/libpod-" + Id + ".scope")]
    [InlineData("machine.slice/libpod-" + Id + ".scope/container")]
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
    [InlineData("machine.slice/libpod-" + Id + ".scope")]
    [InlineData("libpod_parent/libpod-" + Id)]
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
    public void Read_V2_MemoryMaxANumber_IsTheLimit()
    {
        Write("cgroup.controllers", "cpu memory\n");
        Write($"docker/{Id}/cpu.stat", "usage_usec 1\n");
        Write($"docker/{Id}/memory.current", "10\n");
        Write($"docker/{Id}/memory.stat", "inactive_file 0\n");
        Write($"docker/{Id}/memory.max", "67108864\n");

        Assert.Equal(new CgroupReading(1000, 10, 0, 67108864), new CgroupStatsReader(_root).Read(Id));
    }

    [Fact]
    public void Read_StatFileLargerThanOneBuffer_KeyOnItsLastLineStillFound()
    {
        // A memory.stat far longer than the reader's first buffer (4 KB), the wanted key last.
        var filler = string.Concat(Enumerable.Range(0, 600).Select(i => $"key_{i} {i}\n"));
        Write($"cpuacct/docker/{Id}/cpuacct.usage", "5\n");
        Write($"memory/docker/{Id}/memory.usage_in_bytes", "100\n");
        Write($"memory/docker/{Id}/memory.stat", filler + "total_inactive_file 4242\n");
        Write($"memory/docker/{Id}/memory.limit_in_bytes", "1000\n");

        Assert.Equal(4242, new CgroupStatsReader(_root).Read(Id)?.InactiveFileBytes);
    }

    /// <summary>
    /// Issue 25: a sweep reads every container's files, so a read allocates next to nothing — a file handle per file,
    /// no strings or stream buffers (it was about 35 KB a container). Files as large as the kernel's.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_FoundContainer_AllocatesUnderAKilobyte(bool unified)
    {
        if (unified)
        {
            Write("cgroup.controllers", "cpuset cpu io memory pids\n");
            Write($"system.slice/docker-{Id}.scope/cpu.stat", "usage_usec 4200\nuser_usec 4000\nsystem_usec 200\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
            Write($"system.slice/docker-{Id}.scope/memory.current", "2097152\n");
            Write($"system.slice/docker-{Id}.scope/memory.stat", KernelStat(V2StatKeys, "inactive_file"));
            Write($"system.slice/docker-{Id}.scope/memory.max", "max\n");
        }
        else
        {
            Write($"cpuacct/docker/{Id}/cpuacct.usage", "123456789\n");
            Write($"memory/docker/{Id}/memory.usage_in_bytes", "52428800\n");
            Write($"memory/docker/{Id}/memory.stat", KernelStat(V1StatKeys, "total_inactive_file"));
            Write($"memory/docker/{Id}/memory.limit_in_bytes", "9223372036854771712\n");
        }

        var reader = new CgroupStatsReader(_root);
        Assert.Equal(10485760, reader.Read(Id)?.InactiveFileBytes); // found, and the first read's one-time work done

        const int Reads = 200;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Reads; i++)
        {
            Assert.NotNull(reader.Read(Id));
        }

        var perRead = (GC.GetAllocatedBytesForCurrentThread() - before) / Reads;
        output.WriteLine($"cgroup {(unified ? "v2" : "v1")}: {perRead} bytes allocated per container read");
        Assert.True(perRead < 1024, $"one container's read allocated {perRead} bytes");
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

    /// <summary>memory.stat's keys on cgroup v1 (kernel 6.x, memcontrol.c): the container's own, then the total_ ones.</summary>
    private static readonly string[] V1StatKeys =
    [
        "cache", "rss", "rss_huge", "shmem", "mapped_file", "dirty", "writeback", "swap", "pgpgin", "pgpgout", "pgfault", "pgmajfault",
        "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable", "hierarchical_memory_limit", "hierarchical_memsw_limit",
        "total_cache", "total_rss", "total_rss_huge", "total_shmem", "total_mapped_file", "total_dirty", "total_writeback", "total_swap",
        "total_pgpgin", "total_pgpgout", "total_pgfault", "total_pgmajfault", "total_inactive_anon", "total_active_anon", "total_inactive_file",
        "total_active_file", "total_unevictable",
    ];

    /// <summary>memory.stat's keys on cgroup v2 (kernel 6.x): about 50 lines, 1.5 KB.</summary>
    private static readonly string[] V2StatKeys =
    [
        "anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock", "vmalloc", "shmem", "zswap", "zswapped",
        "file_mapped", "file_dirty", "file_writeback", "swapcached", "anon_thp", "file_thp", "shmem_thp", "inactive_anon", "active_anon",
        "inactive_file", "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable", "slab", "workingset_refault_anon",
        "workingset_refault_file", "workingset_activate_anon", "workingset_activate_file", "workingset_restore_anon", "workingset_restore_file",
        "workingset_nodereclaim", "pgscan", "pgsteal", "pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged", "pgsteal_kswapd", "pgsteal_direct",
        "pgsteal_khugepaged", "pgfault", "pgmajfault", "pgrefill", "pgactivate", "pgdeactivate", "pglazyfree", "pglazyfreed", "zswpin", "zswpout",
        "thp_fault_alloc", "thp_collapse_alloc",
    ];

    private static string KernelStat(string[] keys, string wanted) =>
        string.Concat(keys.Select(k => $"{k} {(k == wanted ? 10485760 : 123456789012)}\n"));

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static double MachineMemory() =>
        double.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))["MemTotal:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
}
