using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Supawatch.Common;

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
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

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

            var pidFile = PidFileOf(component, command);
            if (pidFile.LivePid(out var stale) is { } pid)
            {
                output.WriteLine($"{component.Name}: already running (PID {pid}) at {component.Url}");
                continue;
            }

            if (stale)
            {
                output.WriteLine($"{component.Name}: removed a stale PID file ({layout.Relative(pidFile.Path)}; the process it named is gone)");
                pidFile.Delete();
            }

            if (PortInUse(component.Url, component.Port))
            {
                problems.Add($"{component.Name}: port {component.Port} on {new Uri(component.Url).Host} is already in use by another program; stop it, or choose another port with 'supawatch stack setup {component.PortFlag} N'");
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
                pid = Spawn(component, command);
                started.Add((component, pid.Value));
                await WaitReadyAsync(component, pid.Value, cancellationToken);
                output.WriteLine($"ready in {stopwatch.Elapsed.TotalSeconds:0.0} s (PID {pid})");
            }
            catch (Exception ex) when (ex is StackException or OperationCanceledException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                output.WriteLine("failed");
                foreach (var (done, donePid) in Enumerable.Reverse(started))
                {
                    await StopProcessAsync(done, donePid, PidFileOf(done, done.ResolveCommand()!));
                }

                var reason = ex is OperationCanceledException ? "start was cancelled" : ex.Message;
                throw new StackException($"{component.Name}: {reason}\nits log: {layout.LogFile(component.Name)}\n{Tail(layout.LogFile(component.Name))}\nstopped what this start had started; nothing is left running.");
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
            var pidFile = command is null ? null : PidFileOf(component, command);
            if (command is null || pidFile?.LivePid(out _) is not { } pid)
            {
                continue;
            }

            var now = Inputs(component, command);
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
            await StopProcessAsync(component, pid, pidFile);
        }

        await StartAsync(cancellationToken);
        foreach (var (component, command) in reload)
        {
            output.Write($"{component.Name}: its files changed; reloading ... ");
            var error = await ReloadAsync(component, cancellationToken);
            if (error is not null)
            {
                output.WriteLine("refused");
                throw new StackException($"{component.Name} refused the new configuration and keeps running with its last good one: {error}\nits log: {layout.LogFile(component.Name)}");
            }

            File.WriteAllLines(layout.InputsFile(component.Name), Inputs(component, command));
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

            var pidFile = PidFileOf(component, command);
            var pid = pidFile.LivePid(out var stale);
            if (pid is null)
            {
                pidFile.Delete();
                output.WriteLine(stale ? $"{component.Name}: was not running (stale PID file removed)" : $"{component.Name}: not running");
                continue;
            }

            output.Write($"stopping {component.Name} (PID {pid}) ... ");
            await StopProcessAsync(component, pid.Value, pidFile);
            output.WriteLine("stopped");
        }
    }

    /// <summary>True while a component this folder started is running.</summary>
    public bool AnyRunning() => components.Any(c => c.ResolveCommand() is { } command && PidFileOf(c, command).LivePid(out _) is not null);

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

            var pid = PidFileOf(component, command).LivePid(out _);
            var state = pid is null ? ComponentStates.Stopped
                : await AnswersAsync(component, cancellationToken) ? ComponentStates.Running
                : ComponentStates.NotAnswering;
            statuses.Add(new(component.Name, state, component.Url, await version(component, command), pid));
        }

        return statuses;
    }

    // Supawatch runs as its binary or as 'dotnet supawatch.dll': either is this folder's Supawatch.
    private PidFile PidFileOf(NativeComponent component, IReadOnlyList<string> command) =>
        new(layout.PidFile(component.Name), component.Executable is null ? command[0] : "supawatch", layout.Root);

    private int Spawn(NativeComponent component, IReadOnlyList<string> command)
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
        File.WriteAllLines(layout.InputsFile(component.Name), Inputs(component, command));
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

    private static async Task WaitReadyAsync(NativeComponent component, int pid, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < ReadyTimeout)
        {
            if (!PosixProcess.IsAlive(pid))
            {
                throw new StackException($"exited during start (PID {pid}); the reason is at the end of its log");
            }

            if (await AnswersAsync(component, cancellationToken))
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new StackException($"did not answer {component.Url}{component.ReadyPath} within {ReadyTimeout.TotalSeconds:0} s");
    }

    private static async Task<bool> AnswersAsync(NativeComponent component, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync(component.Url + component.ReadyPath, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task StopProcessAsync(NativeComponent component, int pid, PidFile pidFile)
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

    /// <summary>Two hashes: of what the process is started with (command line, environment), and of the files it reads.</summary>
    private static string[] Inputs(NativeComponent component, IReadOnlyList<string> command)
    {
        var settings = new StringBuilder();
        foreach (var part in command.Concat(component.Scrubbed ?? []).Concat(component.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}")))
        {
            settings.Append(part).Append('\0');
        }

        using var files = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in component.ExistingConfigFiles())
        {
            files.AppendData(Encoding.UTF8.GetBytes(file + "\0"));
            files.AppendData(File.ReadAllBytes(file));
        }

        return [Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(settings.ToString()))), Convert.ToHexStringLower(files.GetHashAndReset())];
    }

    /// <summary>POSTs the reload path; null when it answered 2xx, else what it said.</summary>
    private static async Task<string?> ReloadAsync(NativeComponent component, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.PostAsync(component.Url + component.ReloadPath, null, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"POST {component.ReloadPath} answered {(int)response.StatusCode}: {(await response.Content.ReadAsStringAsync(cancellationToken)).Trim()}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"POST {component.ReloadPath} failed: {ex.Message}";
        }
    }

    private static bool PortInUse(string url, int port)
    {
        var host = new Uri(url).Host;
        var address = host == "localhost" ? IPAddress.Any : IPAddress.Parse(host);
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            listener.Stop();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static string Tail(string path, int lines = 8)
    {
        if (!File.Exists(path))
        {
            return "(no log written)";
        }

        var text = File.ReadAllLines(path);
        return string.Join('\n', text.Skip(Math.Max(0, text.Length - lines)).Select(l => "  | " + l));
    }
}
