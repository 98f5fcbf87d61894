using System.Net;
using System.Text;
using Supawatch.Tests.Http;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A scrape target on 127.0.0.1 that serves whatever exposition the test sets, for rules tested in a real Prometheus
/// against series the test moves on its own clock (a fleet going down host by host without a fleet).
/// </summary>
public sealed class ExpositionServer : IAsyncDisposable
{
    private readonly LoopbackHttpServer _server;
    private volatile string _text = "";

    public ExpositionServer() => _server = new LoopbackHttpServer(FreePort.Next(), AnswerAsync);

    public int Port => _server.Port;

    /// <summary>host:port, for a static scrape config.</summary>
    public string Target => $"127.0.0.1:{Port}";

    /// <summary>What the next scrape reads (Prometheus text format).</summary>
    public string Text { get => _text; set => _text = value; }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task AnswerAsync(HttpListenerContext context)
    {
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
