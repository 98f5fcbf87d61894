using System.Diagnostics;

namespace Supawatch.Stack;

/// <summary>
/// Runs the native components as background processes in their own session (they outlive the CLI), with PID
/// files in <c>run/</c>, logs in <c>logs/</c> and data in <c>data/</c>. Start is all or nothing: it checks
/// programs and ports first, waits for each component to answer, and stops what it started if one fails.
/// Stop signals only processes whose PID file still matches their command line. Each start records what the
/// component runs with (<see cref="StackLayout.InputsFile"/>), so <see cref="ApplyAsync"/> restarts or reloads only
/// the components whose settings or files changed since.
/// </summary>
public sealed class NativeSupervisor(StackLayout layout, IReadOnlyList<NativeComponent> components, TextWriter output)
{
    private readonly NativeLauncher _launcher = new(layout, output);

    /// <exception cref="StackException">A component is missing, its port is taken or it did not come up; nothing started by this call is left running.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var toStart = new List<(NativeComponent Component, IReadOnlyList<string> Command)>();
        var problems = new List<string>();
        foreach (var component in components)
        {
            var command = component.ResolveCommand();
            if (command is null)
            {
                if (component.Optional)
                {
                    output.WriteLine($"{component.Name}: skipped, {string.Join(" or ", component.Candidates)} is not on PATH; install {component.Package}, or run the stack with --runtime docker");
                    continue;
                }

                problems.Add($"{component.Name}: '{component.Candidates[0]}' is not on PATH; install the Debian package {component.Package} (apt-get install {component.Package})");
                continue;
            }

            var pidFile = _launcher.PidFileOf(component, command);
            if (pidFile.LivePid(out var stale) is { } pid)
            {
                output.WriteLine($"{component.Name}: already running (PID {pid}) at {component.Url}");
                continue;
            }

            if (_launcher.SupervisorPidFileOf(component).LivePid(out _) is not null)
            {
                output.WriteLine($"{component.Name}: restarting after a crash (its supervisor starts it again; {layout.Relative(layout.LogFile(component.Name))} says why)");
                continue;
            }

            if (stale)
            {
                output.WriteLine($"{component.Name}: removed a stale PID file ({layout.Relative(pidFile.Path)}; the process it named is gone)");
                pidFile.Delete();
            }

            if (NativeProbe.PortInUse(component.Url, component.Port))
            {
                problems.Add(DebianUnits.PortTaken(component, new Uri(component.Url).Host));
                continue;
            }

            toStart.Add((component, command));
        }

        if (problems.Count > 0)
        {
            throw new StackException(string.Join('\n', problems) + "\nnothing was started.");
        }

        Directory.CreateDirectory(layout.RunDirectory);
        Directory.CreateDirectory(layout.LogsDirectory);
        var started = new List<(NativeComponent Component, int Pid)>();
        foreach (var (component, command) in toStart)
        {
            output.Write($"starting {component.Name} on {component.Url} ... ");
            var stopwatch = Stopwatch.StartNew();
            int? pid = null;
            try
            {
                pid = _launcher.Spawn(component, command);
                started.Add((component, pid.Value));
                await NativeProbe.WaitReadyAsync(component, pid.Value, cancellationToken);
                output.WriteLine($"ready in {stopwatch.Elapsed.TotalSeconds:0.0} s (PID {pid})");
            }
            catch (Exception ex) when (ex is StackException or OperationCanceledException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                output.WriteLine("failed");
                foreach (var (done, donePid) in Enumerable.Reverse(started))
                {
                    await _launcher.StopAsync(done, donePid, _launcher.PidFileOf(done, done.ResolveCommand()!));
                }

                var reason = ex is OperationCanceledException ? "start was cancelled" : ex.Message;
                throw new StackException($"{component.Name}: {reason}\nits log: {layout.LogFile(component.Name)}\n{NativeLauncher.Tail(layout.LogFile(component.Name))}\nstopped what this start had started; nothing is left running.");
            }
        }
    }

    /// <summary>
    /// After setup: restarts each running component whose command line or environment changed, or whose files
    /// changed and that cannot reload them; reloads (POST <see cref="NativeComponent.ReloadPath"/>) the others whose
    /// files changed; then starts what is not running. Components that run what they would be started with are left alone.
    /// </summary>
    /// <returns>How many components were restarted or reloaded.</returns>
    /// <exception cref="StackException">A component did not start, or refused to reload (it keeps its last good configuration).</exception>
    public async Task<int> ApplyAsync(CancellationToken cancellationToken)
    {
        var restart = new List<(NativeComponent Component, int Pid, PidFile PidFile)>();
        var reload = new List<(NativeComponent Component, IReadOnlyList<string> Command)>();
        foreach (var component in components)
        {
            var command = component.ResolveCommand();
            var pidFile = command is null ? null : _launcher.PidFileOf(component, command);
            if (command is null || pidFile?.LivePid(out _) is not { } pid)
            {
                continue;
            }

            var now = NativeInputs.Of(component, command);
            var then = File.Exists(layout.InputsFile(component.Name)) ? File.ReadAllLines(layout.InputsFile(component.Name)) : [];
            if (then.Length != 2 || then[0] != now[0])
            {
                output.WriteLine($"{component.Name}: {(then.Length != 2 ? "started before its settings were recorded" : "its settings changed")}; restarting");
                restart.Add((component, pid, pidFile));
            }
            else if (then[1] != now[1])
            {
                if (component.ReloadPath is null)
                {
                    output.WriteLine($"{component.Name}: its files changed; restarting");
                    restart.Add((component, pid, pidFile));
                }
                else
                {
                    reload.Add((component, command));
                }
            }
        }

        foreach (var (component, pid, pidFile) in Enumerable.Reverse(restart))
        {
            await _launcher.StopAsync(component, pid, pidFile);
        }

        await StartAsync(cancellationToken);
        foreach (var (component, command) in reload)
        {
            output.Write($"{component.Name}: its files changed; reloading ... ");
            var error = await NativeProbe.ReloadAsync(component, cancellationToken);
            if (error is not null)
            {
                output.WriteLine("refused");
                throw new StackException($"{component.Name} refused the new configuration and keeps running with its last good one: {error}\nits log: {layout.LogFile(component.Name)}");
            }

            File.WriteAllLines(layout.InputsFile(component.Name), NativeInputs.Of(component, command));
            output.WriteLine("reloaded");
        }

        return restart.Count + reload.Count;
    }

    /// <summary>Stops the components in reverse start order; returns what it did, one line each.</summary>
    public async Task StopAsync()
    {
        foreach (var component in components.Reverse())
        {
            var command = component.ResolveCommand();
            if (command is null)
            {
                continue;
            }

            var pidFile = _launcher.PidFileOf(component, command);
            var pid = pidFile.LivePid(out var stale);
            if (pid is null && _launcher.SupervisorPidFileOf(component).LivePid(out _) is not null)
            {
                output.Write($"stopping {component.Name} (restarting after a crash) ... ");
                await _launcher.StopAsync(component, null, pidFile);
                output.WriteLine("stopped");
                continue;
            }

            if (pid is null)
            {
                pidFile.Delete();
                // A stack set up but never started has no run/ folder; File.Delete throws for a missing folder.
                if (File.Exists(layout.StateFile(component.Name)))
                {
                    File.Delete(layout.StateFile(component.Name));
                }

                output.WriteLine(stale ? $"{component.Name}: was not running (stale PID file removed)" : $"{component.Name}: not running");
                continue;
            }

            output.Write($"stopping {component.Name} (PID {pid}) ... ");
            await _launcher.StopAsync(component, pid.Value, pidFile);
            output.WriteLine("stopped");
        }
    }

    /// <summary>True while a component this folder started is running.</summary>
    public bool AnyRunning() => components.Any(c => c.ResolveCommand() is { } command && _launcher.PidFileOf(c, command).LivePid(out _) is not null);

    public async Task<IReadOnlyList<ComponentStatus>> StatusAsync(Func<NativeComponent, IReadOnlyList<string>, Task<string>> version, CancellationToken cancellationToken)
    {
        var statuses = new List<ComponentStatus>();
        foreach (var component in components)
        {
            var command = component.ResolveCommand();
            if (command is null)
            {
                statuses.Add(new(component.Name, ComponentStates.NotInstalled, component.Url, "-"));
                continue;
            }

            var pid = _launcher.PidFileOf(component, command).LivePid(out _);
            var supervised = SupervisorState.Read(layout.StateFile(component.Name));
            var state = pid is not null
                ? await NativeProbe.AnswersAsync(component, cancellationToken) ? ComponentStates.Running : ComponentStates.NotAnswering
                : supervised?.State == ComponentStates.CrashLoop ? ComponentStates.CrashLoop
                : _launcher.SupervisorPidFileOf(component).LivePid(out _) is not null ? ComponentStates.Restarting
                : ComponentStates.Stopped;
            statuses.Add(new(component.Name, state, component.Url, await version(component, command), pid,
                supervised?.Restarts, supervised?.LastExit, supervised?.Since));
        }

        return statuses;
    }
}
