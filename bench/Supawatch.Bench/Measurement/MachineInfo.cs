using System.Globalization;
using System.Runtime.InteropServices;

namespace Supawatch.Bench.Measurement;

/// <summary>What the numbers were measured on, read from the machine itself.</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, long MemoryBytes, string Os, string DotNet, string LoadAverage, DateTimeOffset Date)
{
    public static MachineInfo Read() => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name") ?? "unknown CPU",
        ParseKib(FirstValue("/proc/meminfo", "MemTotal")) * 1024,
        OsName(),
        RuntimeInformation.FrameworkDescription,
        string.Join(' ', ReadOrEmpty("/proc/loadavg").Split(' ').Take(3)),
        DateTimeOffset.UtcNow);

    public string Describe() =>
        $"{Cores} cores ({CpuModel}), {MemoryBytes / 1e9:0.0} GB RAM, {Os}, {DotNet}; load average at start {LoadAverage}";

    /// <summary>The 1-minute load average now, to show how busy the shared machine was while measuring.</summary>
    public static string LoadNow() => ReadOrEmpty("/proc/loadavg").Split(' ')[0];

    private static string? FirstValue(string file, string key) =>
        ReadOrEmpty(file).Split('\n')
            .Where(line => line.StartsWith(key, StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();

    private static long ParseKib(string? text) =>
        long.TryParse(text?.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib : 0;

    private static string OsName()
    {
        var pretty = FirstValueEquals("/etc/os-release", "PRETTY_NAME");
        var kernel = ReadOrEmpty("/proc/sys/kernel/osrelease").Trim();
        return kernel.Length == 0 ? pretty ?? RuntimeInformation.OSDescription : $"{pretty ?? RuntimeInformation.OSDescription}, kernel {kernel}";
    }

    private static string? FirstValueEquals(string file, string key) =>
        ReadOrEmpty(file).Split('\n')
            .Where(line => line.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(line => line[(key.Length + 1)..].Trim('"'))
            .FirstOrDefault();

    private static string ReadOrEmpty(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
