using System.Net;

namespace Supawatch.Tests.Http;

/// <summary>
/// An HTTP server on 127.0.0.1 (HttpListener) that hands every request to <c>answer</c>, for stand-ins of outside
/// services: a Docker Engine API, a scrape target, a webhook receiver. The integration project links this file.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerContext, Task> _answer;
    private readonly bool _concurrent;
    private readonly Task _loop;

    /// <param name="port">A free port on 127.0.0.1 (the caller's own way of finding one).</param>
    /// <param name="concurrent">Answer requests side by side (for answers that wait); otherwise one at a time, in arrival order.</param>
    public LoopbackHttpServer(int port, Func<HttpListenerContext, Task> answer, bool concurrent = false)
    {
        Port = port;
        _answer = answer;
        _concurrent = concurrent;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or TimeoutException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            if (_concurrent)
            {
                _ = Task.Run(() => _answer(context));
            }
            else
            {
                await _answer(context);
            }
        }
    }
}
