using Supawatch.Stack;

namespace Supawatch.Cli;

/// <summary>Which runtime <c>stack setup</c> uses: the one asked for, the recorded one, or what <c>auto</c> finds.</summary>
internal static class StackRuntimeChoice
{
    /// <summary>The runtime asked for; without <c>--runtime</c>, the recorded one; <c>auto</c> asks Docker and compose, and says why.</summary>
    public static async Task<StackRuntime> ChooseAsync(StackRuntime? asked, StackSettings? previous, CancellationToken cancellationToken)
    {
        if (asked is null && previous is not null)
        {
            Console.WriteLine($"runtime: {StackCommand.Name(previous.Runtime)} (recorded in {StackSettings.FileName}; --runtime changes it)");
            return previous.Runtime;
        }

        if (asked is { } explicitRuntime && explicitRuntime != StackRuntime.Auto)
        {
            return explicitRuntime;
        }

        var detection = await DockerCompose.DetectAsync(cancellationToken);
        if (detection.Usable)
        {
            Console.WriteLine($"runtime: docker ({detection.Reason})");
            return StackRuntime.Docker;
        }

        // Without Docker, a host booted with systemd runs the binaries as units when setup may install them (root).
        var systemd = Systemctl.Booted() && PosixUser.Current().StartsWith("0:", StringComparison.Ordinal);
        Console.WriteLine(systemd
            ? $"runtime: systemd ({detection.Reason}; systemd is PID 1 and setup runs as root: the binaries on PATH as units, started at boot)"
            : $"runtime: native ({detection.Reason}; using the binaries on PATH{(Systemctl.Booted() ? "; as root, setup would install them as systemd units" : "")})");
        return systemd ? StackRuntime.Systemd : StackRuntime.Native;
    }
}
