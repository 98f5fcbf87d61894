namespace Supawatch.Docker;

/// <summary>
/// Wraps a TLS host's HTTP handler so a failed handshake surfaces as a <see cref="DockerTlsException"/> naming the
/// host's TLS folder and what to fix, instead of "connection reset" or "rejected by the provided callback".
/// </summary>
internal sealed class DockerTlsErrorHandler(DockerTls tls, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && tls.Explain(ex) is { } explained)
        {
            throw new DockerTlsException(explained, ex);
        }
    }
}
