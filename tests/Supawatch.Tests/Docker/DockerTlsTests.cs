using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Supawatch.Docker;

namespace Supawatch.Tests.Docker;

public sealed class DockerTlsTests : IDisposable
{
    private const string KeyMarker = "S3cretKeyBytes";
    private readonly string _dir = Directory.CreateTempSubdirectory("supawatch-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_KeyFileNotPem_ThrowsNamingTheFolderAndFiles_WithoutItsContent()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=client", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        File.WriteAllText(Path.Combine(_dir, "ca.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_dir, "key.pem"), $"-----BEGIN PRIVATE KEY-----\n{KeyMarker}\n-----END PRIVATE KEY-----\n");

        var error = Assert.Throws<DockerTlsException>(() => new DockerTls(_dir));

        Assert.StartsWith($"TLS folder {_dir}: cert.pem and key.pem could not be loaded", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyMarker, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CaFileNotACertificate_ThrowsNamingCaPem()
    {
        File.WriteAllText(Path.Combine(_dir, "ca.pem"), "not a certificate");

        var error = Assert.Throws<DockerTlsException>(() => new DockerTls(_dir));

        Assert.StartsWith($"TLS folder {_dir}: ca.pem could not be loaded", error.Message, StringComparison.Ordinal);
    }
}
