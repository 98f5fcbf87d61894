using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Supawatch.Tests.Http;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A local HTTP endpoint on 127.0.0.1 that records every request body and answers 200 (204 would upset
/// nobody, but Slack and Discord answer 200). Stands in for Slack, Discord and generic webhooks.
/// </summary>
public sealed class HttpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly LoopbackHttpServer _server;

    public HttpSink() => _server = new LoopbackHttpServer(FreePort.Next(), AnswerAsync);

    public int Port => _server.Port;

    /// <summary>The sink's address with a path, e.g. http://127.0.0.1:40125/slack.</summary>
    public string UrlFor(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    public IReadOnlyList<string> Bodies => _bodies.ToArray();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
        {
            _bodies.Enqueue($"{context.Request.Url!.AbsolutePath} {await reader.ReadToEndAsync()}");
        }

        context.Response.StatusCode = 200;
        context.Response.Close();
    }
}
