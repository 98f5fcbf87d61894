using Docker.DotNet;

namespace Supawatch.Docker;

/// <summary>Validates one Docker endpoint (<c>DOCKER_HOST</c>, an entry of <c>DOCKER_HOSTS</c>) and builds a client for it.</summary>
public static class DockerEndpoint
{
    public static bool TryParse(string? dockerHost, out Uri? endpoint, out string? error)
    {
        endpoint = null;
        error = null;
        if (string.IsNullOrWhiteSpace(dockerHost)
            || !Uri.TryCreate(dockerHost.Trim(), UriKind.Absolute, out var uri))
        {
            error = "must be unix:///path/to/docker.sock or tcp://host:port";
            return false;
        }

        // Only Docker's own two forms (docs/configuration.md): an http(s):// URL looks right and is not what the
        // docker CLI takes, and https:// would pass for TLS without the client certificate a DOCKER_HOSTS |DIR names.
        if (uri.Scheme is not ("unix" or "tcp"))
        {
            error = uri.Scheme is "http" or "https"
                ? $"must be unix:///path/to/docker.sock or tcp://host:port, not {uri.Scheme}://; write tcp://{uri.Authority} (TLS: a DOCKER_HOSTS entry with |/cert/dir)"
                : "must be unix:///path/to/docker.sock or tcp://host:port";
            return false;
        }

        if (uri.Scheme == "unix" && uri.AbsolutePath.Length <= 1)
        {
            error = "names no socket path; write unix:///var/run/docker.sock";
            return false;
        }

        endpoint = uri;
        return true;
    }

    public static DockerClient CreateClient(Uri endpoint, TimeSpan timeout, DockerTls? tls = null)
    {
        var builder = new DockerClientBuilder().WithEndpoint(endpoint).WithTimeout(timeout);
        return (tls is null ? builder : builder.WithAuthProvider(tls)).Build();
    }
}
