using System.Globalization;

namespace Supawatch.Stack;

/// <summary>
/// <c>run/&lt;component&gt;.pid</c>. A PID is trusted only while <c>/proc/&lt;pid&gt;/cmdline</c> still names the
/// program and the monitoring folder, so a PID reused by another process after a crash is never signalled.
/// </summary>
public sealed class PidFile(string path, string program, string folder)
{
    public string Path { get; } = path;

    /// <summary>The PID of the live process this file names, or null (no file, or a stale one).</summary>
    public int? LivePid(out bool stale)
    {
        stale = false;
        if (!File.Exists(Path))
        {
            return null;
        }

        if (!int.TryParse(File.ReadAllText(Path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            stale = true;
            return null;
        }

        if (Matches(PosixProcess.CommandLine(pid)))
        {
            return pid;
        }

        stale = true;
        return null;
    }

    public void Delete()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }

    /// <summary>
    /// True when <paramref name="commandLine"/> runs <c>program</c> on this folder. <c>supawatch.dll</c> (run by
    /// <c>dotnet</c>) counts as <c>supawatch</c>, so a Supawatch started by the installed binary is recognised by a
    /// <c>stop</c> run through <c>dotnet</c>, and the other way round.
    /// </summary>
    public bool Matches(IReadOnlyList<string>? commandLine) =>
        commandLine is { Count: > 0 }
        && (commandLine.Take(2).Any(a => Name(a) == Name(program))
            || commandLine.Count > 1 && Name(commandLine[0]) == "dotnet" && Name(commandLine[1]) == Name(program) + ".dll")
        && commandLine.Any(a => a.Contains(folder, StringComparison.Ordinal));

    private static string Name(string path) => System.IO.Path.GetFileName(path);
}
