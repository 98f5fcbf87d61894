namespace Supawatch.Docker;

/// <summary>
/// A Docker host's TLS folder could not be used, or the TLS handshake with its engine failed; the message names the
/// folder and what to fix, and never holds key material.
/// </summary>
public sealed class DockerTlsException : Exception
{
    public DockerTlsException(string message)
        : base(message)
    {
    }

    public DockerTlsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
