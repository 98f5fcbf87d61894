using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>
/// A throwaway certificate authority made at test time with .NET's <see cref="CertificateRequest"/>: it issues a
/// server certificate for 127.0.0.1 (SAN IP:127.0.0.1) and client certificates, and writes them as PEM the way
/// dockerd (<c>--tlscacert/--tlscert/--tlskey</c>) and a Docker client's <c>DOCKER_CERT_PATH</c> lay them out.
/// Nothing is committed to the repository; private keys are written mode 600.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key;

    public TestCertificateAuthority(string commonName)
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    /// <summary>The CA certificate (with its key).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM: a <c>ca.pem</c>.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>A leaf certificate for 127.0.0.1 with server authentication: what the TLS proxy presents.</summary>
    public IssuedCertificate IssueServer() => Issue("CN=127.0.0.1", serverAuth: true);

    /// <summary>A leaf certificate with client authentication: what Supawatch presents (<c>cert.pem</c>, <c>key.pem</c>).</summary>
    public IssuedCertificate IssueClient(string commonName = "supawatch") => Issue($"CN={commonName}", serverAuth: false);

    /// <summary>
    /// Writes a Docker cert folder: <c>ca.pem</c> (the CA trusted for the engine), <c>cert.pem</c> and <c>key.pem</c>
    /// (the client's, key mode 600). Returns the folder.
    /// </summary>
    public static string WriteDockerCertDir(string directory, string caPem, IssuedCertificate client)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "ca.pem"), caPem);
        File.WriteAllText(Path.Combine(directory, "cert.pem"), client.CertificatePem);
        WritePrivate(Path.Combine(directory, "key.pem"), client.KeyPem);
        return directory;
    }

    /// <summary>Writes <paramref name="text"/> to a new file created mode 600 (no moment where others could read it).</summary>
    public static void WritePrivate(string path, string text)
    {
        File.Delete(path);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }

    private IssuedCertificate Issue(string subject, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(Certificate, now.AddMinutes(-5), now.AddHours(12), serial);
        return new IssuedCertificate(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
