using System.Net;
using System.Net.Sockets;
using Supawatch.IntegrationTests.Fixtures;
using Supawatch.IntegrationTests.Health;

namespace Supawatch.IntegrationTests.Stack;

/// <summary>
/// The built <c>supawatch stack …</c> run as a child process, as an operator runs it, on a temp monitoring folder
/// with free loopback ports for every component.
/// </summary>
public sealed class StackCli
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    public StackCli(string root, IReadOnlyDictionary<string, string> environment)
    {
        Directory = Path.Combine(root, "monitoring");
        Environment = environment;
    }

    /// <summary>The same folder and ports, run from a shell with <paramref name="environment"/> instead.</summary>
    private StackCli(StackCli other, IReadOnlyDictionary<string, string> environment)
    {
        Directory = other.Directory;
        Environment = environment;
        PrometheusPort = other.PrometheusPort;
        AlertmanagerPort = other.AlertmanagerPort;
        GrafanaPort = other.GrafanaPort;
        NodeExporterPort = other.NodeExporterPort;
        SupawatchPort = other.SupawatchPort;
        StatusPort = other.StatusPort;
    }

    public string Directory { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public int PrometheusPort { get; } = FreePort.Next();
    public int AlertmanagerPort { get; } = FreePort.Next();
    public int GrafanaPort { get; } = FreePort.Next();
    public int NodeExporterPort { get; } = FreePort.Next();
    public int SupawatchPort { get; } = FreePort.Next();
    public int StatusPort { get; } = FreePort.Next();

    public string PrometheusUrl => $"http://127.0.0.1:{PrometheusPort}";
    public string AlertmanagerUrl => $"http://127.0.0.1:{AlertmanagerPort}";
    public string NodeExporterUrl => $"http://127.0.0.1:{NodeExporterPort}";
    public string SupawatchUrl => $"http://127.0.0.1:{SupawatchPort}";
    public string StatusUrl => $"http://127.0.0.1:{StatusPort}";

    /// <summary>This folder and its ports as another shell sees them: <paramref name="environment"/> instead of this one's.</summary>
    public StackCli InShell(IReadOnlyDictionary<string, string> environment) => new(this, environment);

    /// <summary>The environment of a live process, from <c>/proc/PID/environ</c>.</summary>
    public static Dictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('=', 2)).Where(e => e.Length == 2).GroupBy(e => e[0]).ToDictionary(g => g.Key, g => g.Last()[1]);

    /// <summary><c>stack setup --runtime native</c> with this folder's ports.</summary>
    public Task<ProcessResult> SetupAsync(params string[] extra) => RunAsync(
    [
        "setup", "--runtime", "native",
        "--prometheus-port", $"{PrometheusPort}", "--alertmanager-port", $"{AlertmanagerPort}", "--grafana-port", $"{GrafanaPort}",
        "--node-exporter-port", $"{NodeExporterPort}", "--supawatch-port", $"{SupawatchPort}", "--status-port", $"{StatusPort}",
        .. extra,
    ]);

    /// <summary><c>supawatch stack VERB --dir DIR</c>; the result whatever the exit code.</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments)
    {
        var dll = Path.Combine(StatusApi.RepositoryRoot(), "src", "Supawatch", "bin", Configuration(), "net10.0", "supawatch.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; build the solution first");
        return ProcessRunner.TryRunAsync("dotnet", [dll, "stack", .. arguments, "--dir", Directory], CommandTimeout, Environment);
    }

    /// <summary>The built <c>supawatch</c> executable (the apphost), as the wrapper scripts run it through <c>SUPAWATCH_BIN</c>.</summary>
    public static string Executable()
    {
        var apphost = Path.Combine(StatusApi.RepositoryRoot(), "src", "Supawatch", "bin", Configuration(), "net10.0", "supawatch");
        Assert.True(File.Exists(apphost), $"{apphost} is missing; build the solution first");
        return apphost;
    }

    /// <summary>The PIDs in <c>run/*.pid</c>, by component.</summary>
    public Dictionary<string, int> Pids() =>
        System.IO.Directory.Exists(Path.Combine(Directory, "run"))
            ? System.IO.Directory.GetFiles(Path.Combine(Directory, "run"), "*.pid")
                .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => int.Parse(File.ReadAllText(f).Trim()))
            : [];

    /// <summary>PIDs of live processes whose command line names the monitoring folder.</summary>
    public IReadOnlyList<int> ProcessesUsingFolder() =>
        System.IO.Directory.GetDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != System.Environment.ProcessId && IsAlive(pid))
            .Where(pid =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{pid}/cmdline").Contains(Directory + "/", StringComparison.Ordinal);
                }
                catch (IOException)
                {
                    return false;
                }
            })
            .ToList();

    /// <summary>True while the process exists and is not a zombie waiting to be reaped.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Waits until none of <paramref name="pids"/> is alive.</summary>
    public static Task WaitGoneAsync(IEnumerable<int> pids, string what) =>
        Wait.UntilAsync(() => Task.FromResult(!pids.Any(IsAlive)), TimeSpan.FromSeconds(20), what);

    /// <summary>Holds a port on 127.0.0.1 so a component cannot bind it.</summary>
    public static TcpListener Occupy(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return listener;
    }

    private static string Configuration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
}
