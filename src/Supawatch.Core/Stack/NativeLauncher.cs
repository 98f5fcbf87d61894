using System.Diagnostics;
using Supawatch.Common;

namespace Supawatch.Stack;

/// <summary>
/// Starts one native component under its supervisor (<see cref="SupervisorScript"/>) in a session of its own (it
/// outlives the CLI) with its PID file, log and recorded inputs, and stops it: the supervisor first (so nothing restarts
/// it), then SIGTERM, then SIGKILL after a grace period.
/// </summary>
internal sealed class NativeLauncher(StackLayout layout, TextWriter output, RestartPolicy? policy = null)
{
    private readonly RestartPolicy _policy = policy ?? RestartPolicy.FromEnvironment(Environment.GetEnvironmentVariable);

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    // Supawatch runs as its binary or as 'dotnet supawatch.dll': either is this folder's Supawatch.
    public PidFile PidFileOf(NativeComponent component, IReadOnlyList<string> command) =>
        new(layout.PidFile(component.Name), component.Executable is null ? command[0] : "supawatch", layout.Root);

    /// <summary>The supervisor's PID file: trusted only while its process is a shell on this folder.</summary>
    public PidFile SupervisorPidFileOf(NativeComponent component) => new(layout.SupervisorPidFile(component.Name), "sh", layout.Root);

    public int Spawn(NativeComponent component, IReadOnlyList<string> command)
    {
        var pidPath = layout.PidFile(component.Name);
        File.Delete(pidPath);
        File.Delete(layout.StateFile(component.Name));
        // setsid: a session of its own, so the component and its supervisor survive this CLI and its terminal.
        var startInfo = new ProcessStartInfo(ToolPath.Find("setsid") ?? "/usr/bin/setsid") { UseShellExecute = false };
        startInfo.ArgumentList.Add("/bin/sh");
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(SupervisorScript.Text);
        foreach (var argument in command)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.WorkingDirectory = layout.Root;
        foreach (var name in component.Scrubbed ?? [])
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["SUPAWATCH_PID_FILE"] = pidPath;
        startInfo.Environment["SUPAWATCH_LOG_FILE"] = layout.LogFile(component.Name);
        startInfo.Environment["SUPAWATCH_SUPERVISOR_PID_FILE"] = layout.SupervisorPidFile(component.Name);
        startInfo.Environment["SUPAWATCH_STATE_FILE"] = layout.StateFile(component.Name);
        startInfo.Environment["SUPAWATCH_COMPONENT"] = component.Name;
        foreach (var (key, value) in _policy.ScriptEnvironment())
        {
            startInfo.Environment[key] = value;
        }
        foreach (var (key, value) in component.Environment)
        {
            startInfo.Environment[key] = value;
        }

        Directory.CreateDirectory(layout.ComponentData(component.Name));
        File.WriteAllLines(layout.InputsFile(component.Name), NativeInputs.Of(component, command));
        using var process = Process.Start(startInfo) ?? throw new StackException("could not run setsid (util-linux)");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (File.Exists(pidPath) && int.TryParse(File.ReadAllText(pidPath).Trim(), out var pid))
            {
                return pid;
            }

            Thread.Sleep(20);
        }

        throw new StackException($"did not start: no PID file {pidPath} after 10 s");
    }

    /// <summary>Stops the supervisor (so nothing restarts the component), then the component.</summary>
    public async Task StopAsync(NativeComponent component, int? pid, PidFile pidFile)
    {
        var supervisor = SupervisorPidFileOf(component);
        if (supervisor.LivePid(out _) is { } supervisorPid && PosixProcess.Signal(supervisorPid, PosixProcess.Terminate))
        {
            // It passes SIGTERM on to the component it runs now (perhaps one restarted since pid was read).
            var waited = Stopwatch.StartNew();
            while (PosixProcess.IsAlive(supervisorPid) && waited.Elapsed < StopGrace)
            {
                await Task.Delay(50);
            }

            pid = pidFile.LivePid(out _) ?? pid;
        }

        supervisor.Delete();
        File.Delete(layout.StateFile(component.Name));
        if (pid is { } live && PosixProcess.Signal(live, PosixProcess.Terminate))
        {
            var stopwatch = Stopwatch.StartNew();
            while (PosixProcess.IsAlive(live) && stopwatch.Elapsed < StopGrace)
            {
                await Task.Delay(50);
            }

            if (PosixProcess.IsAlive(live))
            {
                output.Write($"({component.Name} ignored SIGTERM for {StopGrace.TotalSeconds:0} s: SIGKILL) ");
                PosixProcess.Signal(live, PosixProcess.Kill);
                await Task.Delay(200);
            }
        }

        pidFile.Delete();
        File.Delete(layout.InputsFile(component.Name));
    }

    /// <summary>The last lines of a component's log, indented, for an error message.</summary>
    public static string Tail(string path, int lines = 8)
    {
        if (!File.Exists(path))
        {
            return "(no log written)";
        }

        var text = File.ReadAllLines(path);
        return string.Join('\n', text.Skip(Math.Max(0, text.Length - lines)).Select(l => "  | " + l));
    }
}
