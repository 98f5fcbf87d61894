using System.Net;
using System.Text;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A scrape target on 127.0.0.1 that serves whatever exposition the test sets, for rules tested in a real Prometheus
/// against series the test moves on its own clock (a fleet going down host by host without a fleet).
/// </summary>
public sealed class ExpositionServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private volatile string _text = "";

    public ExpositionServer()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary>host:port, for a static scrape config.</summary>
    public string Target => $"127.0.0.1:{Port}";

    /// <summary>What the next scrape reads (Prometheus text format).</summary>
    public string Text { get => _text; set => _text = value; }

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

            var body = Encoding.UTF8.GetBytes(_text);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            try
            {
                await context.Response.OutputStream.WriteAsync(body);
            }
            catch (HttpListenerException)
            {
                // The scraper went away (Prometheus stopping): nothing to answer.
            }

            context.Response.Close();
        }
    }
}
