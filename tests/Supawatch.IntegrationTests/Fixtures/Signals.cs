using System.Runtime.InteropServices;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>POSIX signals by PID; .NET's Process can only SIGKILL.</summary>
internal static partial class Signals
{
    public const int Interrupt = 2;
    public const int Terminate = 15;

    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; a process already gone is not an error.</summary>
    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != NoSuchProcess)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {errno}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
