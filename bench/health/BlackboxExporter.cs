using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Supawatch.Bench.Health;

/// <summary>prometheus-blackbox-exporter on 127.0.0.1, probing one target per <c>/probe</c> request.</summary>
internal sealed class BlackboxExporter : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly double _scrapeTimeoutSeconds;

    private BlackboxExporter(Process process, int port, TimeSpan timeout)
    {
        _process = process;
        Url = $"http://127.0.0.1:{port}";
        // blackbox uses min(module timeout, scrape timeout - 0.5 s offset); send enough that the module's timeout rules.
        _scrapeTimeoutSeconds = timeout.TotalSeconds + 0.5;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = int.MaxValue })
        {
            Timeout = timeout + TimeSpan.FromSeconds(10),
        };
    }

    public string Url { get; }

    public static async Task<BlackboxExporter> StartAsync(string binary, string workDirectory, TimeSpan timeout)
    {
        var config = Path.Combine(workDirectory, "blackbox.yml");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            modules:
              http_2xx:
                prober: http
                timeout: {timeout.TotalMilliseconds:0}ms
                http:
                  preferred_ip_protocol: ip4
                  ip_protocol_fallback: false
            """));
        var port = FreePort();
        var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add($"--config.file={config}");
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + binary);
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var exporter = new BlackboxExporter(process, port, timeout);
        var ready = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await exporter._http.GetAsync(exporter.Url + "/-/healthy")).IsSuccessStatusCode)
                {
                    return exporter;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (ready.Elapsed > TimeSpan.FromSeconds(15) || process.HasExited)
            {
                await exporter.DisposeAsync();
                throw new InvalidOperationException("blackbox exporter did not become ready within 15 s");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Probes one target; true when blackbox reports <c>probe_success 1</c>.</summary>
    public async Task<bool> ProbeAsync(string address, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Url}/probe?module=http_2xx&target=http://{address}/");
        request.Headers.Add("X-Prometheus-Scrape-Timeout-Seconds", _scrapeTimeoutSeconds.ToString(CultureInfo.InvariantCulture));
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Contains("\nprobe_success 1", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
