using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Supawatch.Stack;

/// <summary>How the native runtime asks a component whether it answers, waits for it, reloads it, and checks a port is free.</summary>
internal static class NativeProbe
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <exception cref="StackException">The process exited, or it did not answer its ready path in time.</exception>
    public static async Task WaitReadyAsync(NativeComponent component, int pid, CancellationToken cancellationToken)
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

    public static async Task<bool> AnswersAsync(NativeComponent component, CancellationToken cancellationToken)
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

    /// <summary>POSTs the reload path; null when it answered 2xx, else what it said.</summary>
    public static async Task<string?> ReloadAsync(NativeComponent component, CancellationToken cancellationToken)
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

    public static bool PortInUse(string url, int port)
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
}
