namespace Supawatch.IntegrationTests.Fixtures;

/// <summary>A busybox httpd container published on 127.0.0.1 (Docker Engine or podman).</summary>
/// <param name="WwwDirectory">Host directory mounted read-only at /www; its index.html is the page served.</param>
public sealed record HttpdContainer(string Id, string Name, int HostPort, string WwwDirectory)
{
    /// <summary>The page's address on the host.</summary>
    public string Url => $"http://127.0.0.1:{HostPort}/";
}
