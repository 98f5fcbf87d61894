using Supawatch.Stack;

namespace Supawatch.Cli;

/// <summary>A set-up stack folder and what setup recorded in it; <see cref="Runtime"/> is the one place the runtime is chosen.</summary>
internal sealed record StackContext(StackLayout Layout, StackSettings Settings)
{
    /// <summary>The seed variables setup recorded, secrets included: what Supawatch runs with, whatever this shell says.</summary>
    public IReadOnlyDictionary<string, string> Variables => field ??= RecordedVariables.Load(Layout, Settings);

    /// <summary>The recorded runtime. <paramref name="quiet"/>: the native runtime prints nothing (compose still prints its own output).</summary>
    public IStackRuntime Runtime(bool quiet = false) => Settings.Runtime switch
    {
        StackRuntime.Native => new NativeStackRuntime(new NativeSupervisor(Layout, Components(), quiet ? TextWriter.Null : Console.Out), Settings.Ports, ComponentVersion.ReadAsync, Console.Out),
        StackRuntime.Systemd => new SystemdStackRuntime(Layout, Components(), Settings.Ports, ComponentVersion.ReadAsync, quiet ? TextWriter.Null : Console.Out),
        _ => new ComposeStackRuntime(Layout, Console.Out, build: StackAssets.FindBuildContext() is not null, progress: quiet ? TextWriter.Null : Console.Error),
    };

    /// <summary>The components the native and systemd runtimes run: the same commands, ports and folder.</summary>
    private IReadOnlyList<NativeComponent> Components() =>
        NativeComponents.Plan(Layout, Settings, NativeComponents.CurrentSupawatch(Path.Combine(AppContext.BaseDirectory, "supawatch.dll")), Variables);
}
