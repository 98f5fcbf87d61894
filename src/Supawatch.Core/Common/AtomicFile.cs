using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Supawatch.Common;

/// <summary>Writes a file so readers see the old content or the new, never a half-written one.</summary>
public static class AtomicFile
{
    private static readonly ConcurrentDictionary<string, bool> Swept = new(StringComparer.Ordinal);

    public static async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temp = NewTemp(path);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Like <see cref="WriteAsync"/>, with the content written by <paramref name="write"/> straight into the file, on the
    /// calling thread: a large document is never held in memory whole.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        var temp = NewTemp(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>A temp path beside <paramref name="path"/>, named by this process so a later run can tell it was killed.</summary>
    private static string NewTemp(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        if (Swept.TryAdd(Path.GetFullPath(path), true))
        {
            RemoveStaleTemps(directory, Path.GetFileName(path));
        }

        return Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>
    /// Deletes the temp files a killed process (SIGKILL, power loss) left beside <paramref name="fileName"/>: those
    /// whose writer's process id is no longer running. Once per file and process, before its first write.
    /// </summary>
    internal static void RemoveStaleTemps(string directory, string fileName)
    {
        string[] temps;
        try
        {
            temps = Directory.GetFiles(directory, $".{fileName}.*.tmp");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        var prefix = $".{fileName}.";
        foreach (var temp in temps)
        {
            var rest = Path.GetFileName(temp)[prefix.Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsRunning(pid))
            {
                TryDelete(temp);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
