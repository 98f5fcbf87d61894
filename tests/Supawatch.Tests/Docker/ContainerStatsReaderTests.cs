using System.Text;
using System.Text.Json;
using Supawatch.Docker;

namespace Supawatch.Tests.Docker;

/// <summary>The stats answer read by hand reads what the serializer read, and refuses what is not a stats answer.</summary>
public class ContainerStatsReaderTests
{
    // Docker Engine 27 on cgroup v2 (one-shot: precpu_stats zeroed), fields discovery never reads included.
    private const string DockerV2 = """
        {"read":"2026-12-08T03:10:01.123456789Z","preread":"0001-01-01T00:00:00Z","pids_stats":{"current":4,"limit":38000},
         "blkio_stats":{"io_service_bytes_recursive":[{"major":259,"minor":0,"op":"read","value":12288000}],"io_serviced_recursive":null},
         "num_procs":0,"storage_stats":{},
         "cpu_stats":{"cpu_usage":{"total_usage":81234567890,"usage_in_kernelmode":2000,"usage_in_usermode":3000},"system_cpu_usage":99000000000000,"online_cpus":2,"throttling_data":{"periods":0}},
         "precpu_stats":{"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,"usage_in_usermode":0},"throttling_data":{}},
         "memory_stats":{"usage":52428800,"stats":{"active_anon":1,"inactive_file":10485760,"file":2},"limit":25300000000},
         "name":"/100_app_1_kong","id":"b3e2a2a3b55f","networks":{"eth0":{"rx_bytes":1,"tx_bytes":2}}}
        """;

    // cgroup v1 names the page cache total_inactive_file, next to inactive_file.
    private const string DockerV1 = """
        {"read":"2026-12-08T03:10:01Z","cpu_stats":{"cpu_usage":{"percpu_usage":[1,2],"total_usage":77}},
         "memory_stats":{"usage":900,"max_usage":1000,"stats":{"total_inactive_file":300,"inactive_file":200},"limit":9223372036854771712}}
        """;

    // podman's Docker-compatible answer, in its casing habits and with a stopped container's all-zero sample besides.
    private const string Podman = """
        {"read":"2026-12-08T03:10:01.5+00:00","Name":"x","cpu_stats":{"cpu_usage":{"total_usage":5,"percpu_usage":null},"cpu":0.5},
         "memory_stats":{"Usage":10,"Limit":20,"stats":null}}
        """;

    private const string DockerStopped = """
        {"read":"0001-01-01T00:00:00Z","cpu_stats":{"cpu_usage":{"total_usage":0},"throttling_data":{}},"memory_stats":{}}
        """;

    private const string Escaped = """
        {"r\u0065ad":"t","CPU_STATS":{"cpu_usage":null},"memory_stats":null}
        """;

    public static TheoryData<string> Answers => [DockerV2, DockerV1, Podman, DockerStopped, Escaped, "null", "{}"];

    [Theory]
    [MemberData(nameof(Answers))]
    public void Read_ReadsWhatTheSerializerRead(string answer)
    {
        var expected = JsonSerializer.Deserialize(answer, ContainerInspectJson.Default.ContainerStatsAnswer);

        var read = ContainerStatsReader.Read(Encoding.UTF8.GetBytes(answer));

        Assert.Equal(Written(expected), Written(read));
    }

    [Fact]
    public void Read_DockerV2_TheFiguresTheExporterUses()
    {
        var read = ContainerStatsReader.Read(Encoding.UTF8.GetBytes(DockerV2))!;

        Assert.Equal("2026-12-08T03:10:01.123456789Z", read.Read);
        Assert.Equal(81234567890UL, read.CpuStats!.CpuUsage!.TotalUsage);
        Assert.Equal(52428800UL, read.MemoryStats!.Usage);
        Assert.Equal(25300000000UL, read.MemoryStats.Limit);
        Assert.Equal(10485760UL, read.MemoryStats.Stats!.InactiveFile);
        Assert.Null(read.MemoryStats.Stats.TotalInactiveFile);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("[]", "not an object")]
    [InlineData("""{"cpu_stats":1}""", "cpu_stats")]
    [InlineData("""{"memory_stats":{"usage":-1}}""", "memory_stats.usage")]
    [InlineData("""{"memory_stats":{"limit":"big"}}""", "memory_stats.limit")]
    [InlineData("""{"cpu_stats":{"cpu_usage":{"total_usage":null}}}""", "total_usage")]
    [InlineData("""{"read":5}""", "read")]
    [InlineData("""{"read":"x",""", "")]
    public void Read_NotAStatsAnswer_SaysWhatIsWrong(string answer, string named)
    {
        var error = Assert.ThrowsAny<JsonException>(() => ContainerStatsReader.Read(Encoding.UTF8.GetBytes(answer)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(answer, ContainerInspectJson.Default.ContainerStatsAnswer));
    }

    private static string Written(ContainerStatsAnswer? answer) =>
        JsonSerializer.Serialize(answer, ContainerInspectJson.Default.ContainerStatsAnswer);
}
