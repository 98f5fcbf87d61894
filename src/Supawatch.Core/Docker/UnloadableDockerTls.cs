using Docker.DotNet.Handler.Abstractions;

namespace Supawatch.Docker;

/// <summary>
/// Stands in for <see cref="DockerTls"/> when a host's TLS folder could not be loaded: every request to that host
/// fails at once with <see cref="DockerTlsException"/> (no connection is opened), so the host is reported down with
/// what to fix while the other hosts carry on, instead of the whole service failing to start.
/// </summary>
public sealed class UnloadableDockerTls(string error) : IAuthProvider
{
    public bool TlsEnabled => true;

    /// <summary>Replaces Docker.DotNet's handler (the event stream's) with one that always fails.</summary>
    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler)
    {
        handler.Dispose();
        return CreateHandler();
    }

    /// <summary>A handler that fails every request with the load error (the lean reader's).</summary>
    public HttpMessageHandler CreateHandler() => new FailingHandler(error);

    private sealed class FailingHandler(string error) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(new DockerTlsException(error));
    }
}
