using System.Globalization;

namespace Supawatch.Bench.Measurement;

/// <summary>CPU time of a group of processes, found by a path on their command lines, read from /proc.</summary>
internal static class ProcessCpu
{
    // USER_HZ: the unit of utime and stime in /proc/PID/stat; 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    /// <summary>
    /// User plus system CPU seconds so far of every process whose command line contains <paramref name="marker"/>, but
    /// this one (the bench names the marker on its own command line).
    /// </summary>
    public static double SecondsOf(string marker)
    {
        var total = 0L;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (!File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    continue;
                }

                // pid (comm) state ppid … utime is field 14, stime 15; comm may hold spaces, so count after ')'.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return total / TicksPerSecond;
    }
}
