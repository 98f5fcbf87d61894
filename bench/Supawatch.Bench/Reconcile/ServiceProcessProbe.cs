using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Supawatch.Bench.Measurement;
using Supawatch.Configuration;

namespace Supawatch.Bench.Reconcile;

/// <summary>
/// Runs the real service binary (<c>supawatch serve</c>, copied next to the bench) against the synthetic engine
/// and reads its memory from <c>/proc</c> after its start-up reconcile: the number the memory goal is about,
/// with Kestrel, hosting and the GC exactly as shipped.
/// </summary>
internal static class ServiceProcessProbe
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ServiceReading> MeasureAsync(string socket, string directory, int expectedTargets, TextWriter log, CancellationToken cancellationToken)
    {
        var metricsPort = FreePort();
        var (file, serve) = SupawatchService.Command(
            "serve",
            "--docker-host", "unix://" + socket,
            "--data-dir", Path.Combine(directory, "service-data"),
            "--metrics-listen", $"127.0.0.1:{metricsPort}",
            "--status-listen", $"127.0.0.1:{FreePort()}",
            "--discovery-interval", "3600");
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in serve)
        {
            start.ArgumentList.Add(argument);
        }

        // Only the flags above configure it: no MASTER_DB_URL or DOCKER_HOST from the caller's shell.
        foreach (var variable in SeedVariables.All)
        {
            start.Environment.Remove(variable.Environment);
        }

        var output = new Queue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        var started = Stopwatch.GetTimestamp();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
            var baseUrl = new Uri($"http://127.0.0.1:{metricsPort}");
            if (!await WaitReadyAsync(http, baseUrl, process, expectedTargets, cancellationToken))
            {
                throw new TimeoutException($"supawatch serve did not list {expectedTargets} targets within {ReadyTimeout.TotalSeconds:0} s; its output: {string.Join(" | ", output)}");
            }

            var ready = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            // The exposition is re-rendered shortly after the inventory changes: wait (bounded) for the one with the reconcile.
            var reconcileMs = 0.0;
            for (var attempt = 0; attempt < 20 && reconcileMs == 0; attempt++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
                reconcileMs = Metric(await http.GetStringAsync(new Uri(baseUrl, "/metrics"), cancellationToken), "supawatch_discovery_reconcile_duration_seconds_sum") * 1000;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var status = await File.ReadAllTextAsync($"/proc/{process.Id}/status", cancellationToken);
            log.WriteLine($"reconcile-1000: supawatch serve (pid {process.Id}) ready with {expectedTargets} targets after {ready:0} ms");
            return new ServiceReading(ready, reconcileMs, Kib(status, "VmRSS:") * 1024, Kib(status, "VmHWM:") * 1024);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<bool> WaitReadyAsync(HttpClient http, Uri baseUrl, Process process, int expectedTargets, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(ReadyTimeout.TotalSeconds * Stopwatch.Frequency);
        for (var attempt = 0; attempt < 1200 && Stopwatch.GetTimestamp() < deadline && !process.HasExited; attempt++)
        {
            try
            {
                using var ready = await http.GetAsync(new Uri(baseUrl, "/readyz"), cancellationToken);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    await using var body = await http.GetStreamAsync(new Uri(baseUrl, "/sd"), cancellationToken);
                    using var targets = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
                    if (targets.RootElement.GetArrayLength() == expectedTargets)
                    {
                        return true;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Still starting.
            }

            await Task.Delay(50, cancellationToken);
        }

        return false;
    }

    private static void Keep(Queue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Enqueue(line);
            if (lines.Count > 20)
            {
                lines.Dequeue();
            }
        }
    }

    private static double Metric(string exposition, string name) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(name + " ", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(name.Length + 1)..].Trim(), CultureInfo.InvariantCulture))
            .FirstOrDefault(double.NaN);

    private static long Kib(string status, string key) =>
        status.Split('\n')
            .Where(line => line.StartsWith(key, StringComparison.Ordinal))
            .Select(line => long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .FirstOrDefault();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
