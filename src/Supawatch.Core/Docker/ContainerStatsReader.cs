using System.Text.Json;

namespace Supawatch.Docker;

/// <summary>
/// Reads a one-shot <c>GET /containers/{id}/stats</c> answer, held whole (a few KB), into <see cref="ContainerStatsAnswer"/>:
/// <c>read</c>, <c>cpu_stats.cpu_usage.total_usage</c>, <c>memory_stats.usage</c>, <c>.limit</c> and
/// <c>.stats.(total_)inactive_file</c>; every other field is skipped. Names match in any casing, as the serializer's did
/// (<c>PropertyNameCaseInsensitive</c>). Written by hand instead of <c>JsonSerializer.Deserialize</c>: for the four
/// nested objects and the records' init-only properties the serializer allocated its read and argument state on every
/// call, about half of what a stats read allocated besides HttpClient, 30,000 times a sweep at 10,000 instances (an
/// EventPipe allocation trace, docs/scaling.md, "Unchanged entries are not decoded").
/// </summary>
internal static class ContainerStatsReader
{
    /// <summary>The answer; null when the body is JSON <c>null</c>.</summary>
    /// <exception cref="JsonException">The body is not a stats object.</exception>
    public static ContainerStatsAnswer? Read(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty)
        {
            throw new JsonException("the stats answer is empty");
        }

        var reader = new Utf8JsonReader(json);
        reader.Read();

        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"the stats answer is not an object but {reader.TokenType}");
        }

        string? read = null;
        ContainerCpuStats? cpu = null;
        ContainerMemoryStats? memory = null;
        while (NextProperty(ref reader))
        {
            if (reader.NameIs("read"u8))
            {
                read = Text(ref reader, "read");
            }
            else if (reader.NameIs("cpu_stats"u8))
            {
                cpu = Cpu(ref reader);
            }
            else if (reader.NameIs("memory_stats"u8))
            {
                memory = Memory(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new ContainerStatsAnswer { Read = read, CpuStats = cpu, MemoryStats = memory };
    }

    private static ContainerCpuStats? Cpu(ref Utf8JsonReader reader)
    {
        if (!OpenObject(ref reader, "cpu_stats"))
        {
            return null;
        }

        ContainerCpuUsage? usage = null;
        while (NextProperty(ref reader))
        {
            if (reader.NameIs("cpu_usage"u8))
            {
                usage = CpuUsage(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new ContainerCpuStats { CpuUsage = usage };
    }

    private static ContainerCpuUsage? CpuUsage(ref Utf8JsonReader reader)
    {
        if (!OpenObject(ref reader, "cpu_stats.cpu_usage"))
        {
            return null;
        }

        var total = 0UL;
        while (NextProperty(ref reader))
        {
            if (reader.NameIs("total_usage"u8))
            {
                total = Number(ref reader, "cpu_stats.cpu_usage.total_usage") ?? throw new JsonException("cpu_stats.cpu_usage.total_usage is null");
            }
            else
            {
                reader.Skip();
            }
        }

        return new ContainerCpuUsage { TotalUsage = total };
    }

    private static ContainerMemoryStats? Memory(ref Utf8JsonReader reader)
    {
        if (!OpenObject(ref reader, "memory_stats"))
        {
            return null;
        }

        ulong? usage = null, limit = null;
        ContainerMemoryDetail? detail = null;
        while (NextProperty(ref reader))
        {
            if (reader.NameIs("usage"u8))
            {
                usage = Number(ref reader, "memory_stats.usage");
            }
            else if (reader.NameIs("limit"u8))
            {
                limit = Number(ref reader, "memory_stats.limit");
            }
            else if (reader.NameIs("stats"u8))
            {
                detail = MemoryDetail(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return new ContainerMemoryStats { Usage = usage, Limit = limit, Stats = detail };
    }

    private static ContainerMemoryDetail? MemoryDetail(ref Utf8JsonReader reader)
    {
        if (!OpenObject(ref reader, "memory_stats.stats"))
        {
            return null;
        }

        ulong? totalInactiveFile = null, inactiveFile = null;
        while (NextProperty(ref reader))
        {
            if (reader.NameIs("total_inactive_file"u8))
            {
                totalInactiveFile = Number(ref reader, "memory_stats.stats.total_inactive_file");
            }
            else if (reader.NameIs("inactive_file"u8))
            {
                inactiveFile = Number(ref reader, "memory_stats.stats.inactive_file");
            }
            else
            {
                reader.Skip();
            }
        }

        return new ContainerMemoryDetail { TotalInactiveFile = totalInactiveFile, InactiveFile = inactiveFile };
    }

    /// <summary>To the next property name of the object the reader is in; false at the object's end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("the stats answer ends inside an object");
        }

        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Into the object the property holds: true for an object, false for null.</summary>
    private static bool OpenObject(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.StartObject => true,
            JsonTokenType.Null => false,
            _ => throw new JsonException($"{field} in a stats answer is {reader.TokenType}, not an object"),
        };
    }

    private static ulong? Number(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number when reader.TryGetUInt64(out var value) => value,
            _ => throw new JsonException($"{field} in a stats answer is not a whole number of 0 or more"),
        };
    }

    private static string? Text(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            _ => throw new JsonException($"{field} in a stats answer is {reader.TokenType}, not text"),
        };
    }
}
