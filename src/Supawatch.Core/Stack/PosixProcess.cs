using System.Runtime.InteropServices;

namespace Supawatch.Stack;

/// <summary>Signals and <c>/proc</c> reads for processes this CLI started in an earlier run.</summary>
public static partial class PosixProcess
{
    public const int Terminate = 15;
    public const int Kill = 9;

    /// <summary>The process's arguments, or null when it is gone or a zombie (empty for a moment while it execs).</summary>
    public static IReadOnlyList<string>? CommandLine(int pid)
    {
        try
        {
            return IsAlive(pid) ? File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True while the process exists and has not exited (a zombie has).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
            return state is not ('Z' or 'X' or '\0');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Sends <paramref name="signal"/>; false when the process is already gone.</summary>
    public static bool Signal(int pid, int signal) => SendSignal(pid, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this library for one int-only call.
    private static extern int SendSignal(int pid, int signal);
#pragma warning restore SYSLIB1054
}
