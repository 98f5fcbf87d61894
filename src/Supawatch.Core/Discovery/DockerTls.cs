using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.Handler.Abstractions;

namespace Supawatch.Discovery;

/// <summary>
/// TLS with a client certificate for a <c>tcp://</c> Docker host, from a folder laid out like Docker's
/// <c>DOCKER_CERT_PATH</c> (<c>ca.pem</c>, <c>cert.pem</c>, <c>key.pem</c>): the engine's certificate must chain to
/// <c>ca.pem</c> alone (the system store is not trusted for it), and Supawatch presents <c>cert.pem</c>.
/// Used by the lean reader and, as an <see cref="IAuthProvider"/>, by Docker.DotNet's event stream.
/// </summary>
public sealed class DockerTls : IAuthProvider, IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _client;

    public DockerTls(string certDir)
    {
        _ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(certDir, "ca.pem"));
        using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(certDir, "cert.pem"), Path.Combine(certDir, "key.pem"));
        // An ephemeral key cannot be used by SslStream on every platform; a PKCS#12 round trip makes it usable.
        _client = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    public bool TlsEnabled => true;

    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler)
    {
        switch (handler)
        {
            // Docker.DotNet's default transport for tcp:// (its LegacyHttp package), which the event stream uses.
            case Microsoft.Net.Http.Client.ManagedHandler managed:
                managed.ClientCertificates = [_client];
                managed.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
                    certificate is not null && Validate(new X509Certificate2(certificate), errors);
                return managed;
            case SocketsHttpHandler sockets:
                Configure(sockets.SslOptions);
                return sockets;
            case HttpClientHandler client:
                client.ClientCertificates.Add(_client);
                client.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => certificate is not null && Validate(certificate, errors);
                return client;
            default:
                throw new NotSupportedException($"TLS for Docker hosts cannot configure a {handler.GetType().Name}");
        }
    }

    /// <summary>Presents the client certificate and trusts only <c>ca.pem</c> for the engine's certificate.</summary>
    public void Configure(SslClientAuthenticationOptions ssl)
    {
        ssl.ClientCertificates = [_client];
        ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            certificate is not null && Validate(new X509Certificate2(certificate), errors);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _client.Dispose();
    }

    private bool Validate(X509Certificate2 certificate, SslPolicyErrors errors)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
