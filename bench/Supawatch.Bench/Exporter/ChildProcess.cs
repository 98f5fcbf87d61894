using System.Diagnostics;
using System.Globalization;

namespace Supawatch.Bench.Exporter;

/// <summary>
/// A server process the bench started (the Supawatch service, the Python peer): its output's last lines kept for
/// error messages, its memory and CPU read from <c>/proc</c>. Dispose closes its stdin, waits briefly, then kills
/// it by its own handle — never by name.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join(" | ", _output);
            }
        }
    }

    public static ChildProcess Start((string File, string[] Arguments) command, IReadOnlyDictionary<string, string?> environment) =>
        Start(command.File, command.Arguments, environment);

    public static ChildProcess Start(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>VmRSS and VmHWM from <c>/proc/PID/status</c>, in bytes.</summary>
    public (long Resident, long PeakResident) Memory()
    {
        var status = File.ReadAllText($"/proc/{Id}/status");
        return (Kib(status, "VmRSS:") * 1024, Kib(status, "VmHWM:") * 1024);
    }

    /// <summary>User plus system CPU time of every thread so far (<c>/proc/PID/stat</c> fields 14 and 15), in seconds.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        const double TicksPerSecond = 100; // USER_HZ on Linux
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    public async ValueTask DisposeAsync() => await StopAsync(_process, TimeSpan.FromSeconds(3));

    /// <summary>
    /// Closes a child's stdin (the bench's children exit on it), waits up to <paramref name="grace"/>, then kills
    /// it by its own handle, and disposes it.
    /// </summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (!process.HasExited)
        {
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 20)
            {
                _output.Dequeue();
            }
        }
    }

    private static long Kib(string status, string key) =>
        status.Split('\n')
            .Where(line => line.StartsWith(key, StringComparison.Ordinal))
            .Select(line => long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .FirstOrDefault();
}
