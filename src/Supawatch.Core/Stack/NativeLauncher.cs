using System.Diagnostics;
using Supawatch.Common;

namespace Supawatch.Stack;

/// <summary>
/// Starts one native component in a session of its own (it outlives the CLI) with its PID file, log and recorded
/// inputs, and stops it: SIGTERM, then SIGKILL after a grace period.
/// </summary>
internal sealed class NativeLauncher(StackLayout layout, TextWriter output)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    // Supawatch runs as its binary or as 'dotnet supawatch.dll': either is this folder's Supawatch.
    public PidFile PidFileOf(NativeComponent component, IReadOnlyList<string> command) =>
        new(layout.PidFile(component.Name), component.Executable is null ? command[0] : "supawatch", layout.Root);

    public int Spawn(NativeComponent component, IReadOnlyList<string> command)
    {
        var pidPath = layout.PidFile(component.Name);
        File.Delete(pidPath);
        // setsid: a session of its own, so the component survives this CLI and its terminal. The shell records
        // its PID, which exec hands on to the component, then redirects and execs.
        var startInfo = new ProcessStartInfo(ToolPath.Find("setsid") ?? "/usr/bin/setsid") { UseShellExecute = false };
        startInfo.ArgumentList.Add("/bin/sh");
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add("echo $$ > \"$SUPAWATCH_PID_FILE\"; exec \"$0\" \"$@\" </dev/null >>\"$SUPAWATCH_LOG_FILE\" 2>&1");
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

    public async Task StopAsync(NativeComponent component, int pid, PidFile pidFile)
    {
        if (PosixProcess.Signal(pid, PosixProcess.Terminate))
        {
            var stopwatch = Stopwatch.StartNew();
            while (PosixProcess.IsAlive(pid) && stopwatch.Elapsed < StopGrace)
            {
                await Task.Delay(50);
            }

            if (PosixProcess.IsAlive(pid))
            {
                output.Write($"({component.Name} ignored SIGTERM for {StopGrace.TotalSeconds:0} s: SIGKILL) ");
                PosixProcess.Signal(pid, PosixProcess.Kill);
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
