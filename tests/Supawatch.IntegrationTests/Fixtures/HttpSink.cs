using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A local HTTP endpoint on 127.0.0.1 that records every request body and answers 200 (204 would upset
/// nobody, but Slack and Discord answer 200). Stands in for Slack, Discord and generic webhooks.
/// </summary>
public sealed class HttpSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<string> _bodies = new();

    public HttpSink()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary>The sink's address with a path, e.g. http://127.0.0.1:40125/slack.</summary>
    public string UrlFor(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    public IReadOnlyList<string> Bodies => _bodies.ToArray();

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

            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                _bodies.Enqueue($"{context.Request.Url!.AbsolutePath} {await reader.ReadToEndAsync()}");
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
