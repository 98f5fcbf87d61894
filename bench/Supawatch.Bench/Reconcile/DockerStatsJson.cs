using System.Buffers;
using System.Text.Json;

namespace Supawatch.Bench.Reconcile;

/// <summary>
/// Writes the body of <c>GET /containers/{id}/stats?stream=false&amp;one-shot=true</c> as Docker Engine 27 does on
/// cgroup v2: a CPU counter that grows with wall time at the container's own rate, memory with page cache, and
/// <c>precpu_stats</c> zeroed as a one-shot call leaves it. Rendered per request, because the numbers move.
/// </summary>
internal static class DockerStatsJson
{
    private const long HostMemory = 25_300_000_000;
    private const ulong SystemNanosecondsPerSecond = 2_000_000_000;

    public static byte[] Render(SyntheticContainer c, DateTimeOffset engineStarted, DateTimeOffset now)
    {
        var seconds = Math.Max(0, (now - engineStarted).TotalSeconds);
        var total = c.CpuBaseNanoseconds + (ulong)(seconds * c.CpuNanosecondsPerSecond);
        var inactiveFile = c.MemoryBytes / 5;
        var usage = c.MemoryBytes + inactiveFile + (ulong)(seconds * 1000) % 65_536;

        var buffer = new ArrayBufferWriter<byte>(2600);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("read", DockerListJson.Time(now));
            json.WriteString("preread", "0001-01-01T00:00:00Z");
            json.WriteStartObject("pids_stats");
            json.WriteNumber("current", 4 + (c.HostPort % 20));
            json.WriteNumber("limit", 38_000);
            json.WriteEndObject();
            json.WriteStartObject("blkio_stats");
            json.WriteStartArray("io_service_bytes_recursive");
            foreach (var op in new[] { "read", "write" })
            {
                json.WriteStartObject();
                json.WriteNumber("major", 259);
                json.WriteNumber("minor", 0);
                json.WriteString("op", op);
                json.WriteNumber("value", op == "read" ? 12_288_000 : 4_096_000);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNull("io_serviced_recursive");
            json.WriteNull("io_queue_recursive");
            json.WriteNull("io_service_time_recursive");
            json.WriteNull("io_wait_time_recursive");
            json.WriteNull("io_merged_recursive");
            json.WriteNull("io_time_recursive");
            json.WriteNull("sectors_recursive");
            json.WriteEndObject();
            json.WriteNumber("num_procs", 0);
            json.WriteStartObject("storage_stats");
            json.WriteEndObject();
            json.WriteStartObject("cpu_stats");
            json.WriteStartObject("cpu_usage");
            json.WriteNumber("total_usage", total);
            json.WriteNumber("usage_in_kernelmode", total / 4);
            json.WriteNumber("usage_in_usermode", total - (total / 4));
            json.WriteEndObject();
            json.WriteNumber("system_cpu_usage", (ulong)((now - DateTimeOffset.UnixEpoch).TotalSeconds * SystemNanosecondsPerSecond) / 1000 * 1000);
            json.WriteNumber("online_cpus", 2);
            WriteThrottling(json);
            json.WriteEndObject();
            json.WriteStartObject("precpu_stats");
            json.WriteStartObject("cpu_usage");
            json.WriteNumber("total_usage", 0);
            json.WriteNumber("usage_in_kernelmode", 0);
            json.WriteNumber("usage_in_usermode", 0);
            json.WriteEndObject();
            WriteThrottling(json);
            json.WriteEndObject();
            json.WriteStartObject("memory_stats");
            json.WriteNumber("usage", usage);
            json.WriteStartObject("stats");
            json.WriteNumber("active_anon", c.MemoryBytes / 8);
            json.WriteNumber("active_file", inactiveFile / 2);
            json.WriteNumber("anon", c.MemoryBytes * 3 / 4);
            json.WriteNumber("anon_thp", 0);
            json.WriteNumber("file", inactiveFile + (inactiveFile / 2));
            json.WriteNumber("file_dirty", 0);
            json.WriteNumber("file_mapped", c.MemoryBytes / 10);
            json.WriteNumber("file_writeback", 0);
            json.WriteNumber("inactive_anon", c.MemoryBytes * 5 / 8);
            json.WriteNumber("inactive_file", inactiveFile);
            json.WriteNumber("kernel_stack", 98_304);
            json.WriteNumber("pgfault", 41_230 + c.HostPort);
            json.WriteNumber("pgmajfault", 12);
            json.WriteNumber("shmem", 0);
            json.WriteNumber("slab", 1_048_576);
            json.WriteNumber("sock", 0);
            json.WriteNumber("unevictable", 0);
            json.WriteEndObject();
            json.WriteNumber("limit", HostMemory);
            json.WriteEndObject();
            json.WriteString("name", "/" + c.Name);
            json.WriteString("id", c.Id);
            json.WriteStartObject("networks");
            json.WriteStartObject("eth0");
            foreach (var field in new[] { "rx_bytes", "rx_packets", "rx_errors", "rx_dropped", "tx_bytes", "tx_packets", "tx_errors", "tx_dropped" })
            {
                json.WriteNumber(field, field.EndsWith("bytes", StringComparison.Ordinal) ? 1_500_000 + c.HostPort : 0);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteThrottling(Utf8JsonWriter json)
    {
        json.WriteStartObject("throttling_data");
        json.WriteNumber("periods", 0);
        json.WriteNumber("throttled_periods", 0);
        json.WriteNumber("throttled_time", 0);
        json.WriteEndObject();
    }
}
