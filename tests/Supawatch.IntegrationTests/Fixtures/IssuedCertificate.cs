namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>A leaf certificate issued by a <see cref="TestCertificateAuthority"/>, as PEM text.</summary>
/// <param name="KeyPem">The PKCS#8 private key; write it with <see cref="TestCertificateAuthority.WritePrivate"/>.</param>
public sealed record IssuedCertificate(string CertificatePem, string KeyPem);
