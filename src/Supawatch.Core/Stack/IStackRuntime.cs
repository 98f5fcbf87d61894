namespace Supawatch.Stack;

/// <summary>
/// How a set-up stack folder runs: <see cref="ComposeStackRuntime"/> (docker compose) or <see cref="NativeStackRuntime"/>
/// (binaries on PATH as background processes). Chosen once from <c>stack.json</c>; every <c>stack</c> verb is one call.
/// </summary>
public interface IStackRuntime
{
    /// <summary>Starts every component that is not running; already-running ones are left alone.</summary>
    /// <exception cref="StackException">A component did not come up; nothing this call started is left running.</exception>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>After setup rendered the folder: brings the running stack to the new configuration, then starts what is not running.</summary>
    /// <param name="configurationChanged">Setup changed a file or a setting.</param>
    /// <param name="firstSetup">The folder had never been set up before.</param>
    /// <exception cref="StackException">A component did not start or refused its new configuration.</exception>
    Task ApplyAsync(bool configurationChanged, bool firstSetup, CancellationToken cancellationToken);

    /// <summary>Stops exactly what start started.</summary>
    /// <exception cref="StackException">The runtime could not stop it.</exception>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Each component's state as a table; <paramref name="monitoringProblems"/> is asked only when Supawatch runs.</summary>
    /// <exception cref="StackException">The runtime could not be asked.</exception>
    Task<StackStatusReport> StatusAsync(Func<CancellationToken, Task<IReadOnlyList<string>?>> monitoringProblems, CancellationToken cancellationToken);

    /// <summary>True while something this folder started may be running.</summary>
    bool AnyRunning();
}
