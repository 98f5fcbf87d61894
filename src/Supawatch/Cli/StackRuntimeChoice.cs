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
        var runtime = detection.Usable ? StackRuntime.Docker : StackRuntime.Native;
        Console.WriteLine($"runtime: {StackCommand.Name(runtime)} ({detection.Reason}{(detection.Usable ? "" : "; using the binaries on PATH")})");
        return runtime;
    }
}
