using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.Handler.Abstractions;
using Supawatch.Common;

namespace Supawatch.Docker;

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
    private readonly string _certDir;

    // Why the engine's certificate was last refused; the handshake error itself only says "rejected by the callback".
    private volatile string? _rejection;

    /// <exception cref="DockerTlsException">A file is missing, unreadable, not PEM, or key.pem does not match cert.pem.</exception>
    public DockerTls(string certDir)
    {
        _certDir = certDir;
        _ca = Load(certDir, "ca.pem", "the CA certificate that signed the engine's certificate (dockerd --tlscacert)", () =>
            X509CertificateLoader.LoadCertificateFromFile(Path.Combine(certDir, "ca.pem")));
        try
        {
            _client = Load(certDir, "cert.pem and key.pem", "Supawatch's client certificate and its matching private key, signed by the CA the engine trusts", () =>
            {
                using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(certDir, "cert.pem"), Path.Combine(certDir, "key.pem"));
                // An ephemeral key cannot be used by SslStream on every platform; a PKCS#12 round trip makes it usable.
                return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            });
        }
        catch
        {
            _ca.Dispose();
            throw;
        }
    }

    public bool TlsEnabled => true;

    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler)
    {
        switch (handler)
        {
            // Docker.DotNet's default transport for tcp:// (its LegacyHttp package), which the event stream uses.
            case Microsoft.Net.Http.Client.ManagedHandler managed:
                managed.ClientCertificates = [_client];
                managed.ServerCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors);
                return Wrap(managed);
            case SocketsHttpHandler sockets:
                Configure(sockets.SslOptions);
                return Wrap(sockets);
            case HttpClientHandler client:
                client.ClientCertificates.Add(_client);
                client.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors);
                return Wrap(client);
            default:
                throw new NotSupportedException($"TLS for Docker hosts cannot configure a {handler.GetType().Name}");
        }
    }

    /// <summary>Presents the client certificate and trusts only <c>ca.pem</c> for the engine's certificate.</summary>
    public void Configure(SslClientAuthenticationOptions ssl)
    {
        ssl.ClientCertificates = [_client];
        ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors);
    }

    /// <summary>Turns TLS failures of requests through <paramref name="inner"/> into errors that say which file to fix.</summary>
    public HttpMessageHandler Wrap(HttpMessageHandler inner) => new DockerTlsErrorHandler(this, inner);

    /// <summary>What a failed request means for this host's TLS folder; null when it is not a TLS problem.</summary>
    internal string? Explain(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.AddressNotAvailable or SocketError.TimedOut })
            {
                return null; // nothing answered: not a TLS matter, DockerErrors says what to check
            }
        }

        // dockerd --tlsverify (like any TLS server requiring a client certificate) refuses one it does not trust inside the
        // handshake (TLS 1.2) or by closing the connection right after it (TLS 1.3), before any HTTP answer.
        var refused = $"as an engine run with --tlsverify does when it refuses a client certificate: cert.pem in {_certDir} must be "
            + "signed by the CA the engine trusts (its --tlscacert) and be valid now";
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException)
            {
                return _rejection is { } rejection
                    ? $"TLS: {rejection}"
                    : $"the TLS handshake failed ({SafeText.Printable(e.GetBaseException().Message)}), {refused}";
            }

            if (e is IOException || e is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                return $"the engine closed the TLS connection before answering ({SafeText.Printable(e.GetBaseException().Message)}), {refused}";
            }
        }

        return null;
    }

    public void Dispose()
    {
        _ca.Dispose();
        _client.Dispose();
    }

    // The framework's messages name the problem (malformed PEM, key not matching the certificate), never the file's content.
    private static X509Certificate2 Load(string certDir, string files, string what, Func<X509Certificate2> load)
    {
        try
        {
            return load();
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new DockerTlsException(
                $"TLS folder {certDir}: {files} could not be loaded ({SafeText.Printable(ex.Message)}); "
                + $"it must hold {what}, in PEM, readable by Supawatch");
        }
    }

    private bool Validate(X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            _rejection = "the engine presented no certificate";
            return false;
        }

        using var certificate = new X509Certificate2(presented);
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            _rejection = $"the engine's certificate ({certificate.Subject}) is not issued for the address in DOCKER_HOSTS; "
                + "it needs that name or IP in its subject alternative names";
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(certificate))
        {
            _rejection = null;
            return true;
        }

        var why = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        _rejection = $"the engine's certificate ({certificate.Subject}, issued by {certificate.Issuer}) is not trusted: {why}; "
            + $"ca.pem in {_certDir} must be the CA that issued it (the engine's --tlscert)";
        return false;
    }
}
