using System.Net.Sockets;
using Docker.DotNet;
using Supawatch.Common;

namespace Supawatch.Docker;

/// <summary>Says what went wrong talking to the Docker Engine API, and what to fix.</summary>
public static class DockerErrors
{
    // The image runs as a non-root user: in a container the socket must be mounted, and readable through its group.
    private const string MountHint = " (in a container: mount it, docker run -v /var/run/docker.sock:/var/run/docker.sock:ro)";
    private const string GroupHint = " (in a container: add the socket's group, docker run --group-add $(stat -c %g /var/run/docker.sock); the stack's compose file reads it from DOCKER_GID)";

    public static string Describe(Exception ex)
    {
        if (Find<DockerTlsException>(ex) is { } tls)
        {
            return $"Docker Engine API: {tls.Message}";
        }

        var socket = Find<SocketException>(ex);
        var reason = socket?.SocketErrorCode switch
        {
            SocketError.AddressNotAvailable or SocketError.HostNotFound =>
                "the socket or host does not exist; check DOCKER_HOST (or DOCKER_HOSTS) and that the engine runs" + MountHint,
            SocketError.ConnectionRefused =>
                "the engine refused the connection; check that it runs and that DOCKER_HOST (or DOCKER_HOSTS) names its socket",
            SocketError.AccessDenied =>
                "permission denied on the socket; run Supawatch as a user in the docker group or mount the socket readable" + GroupHint,
            _ => null,
        };

        if (reason is null && Find<FileNotFoundException>(ex) is not null)
        {
            reason = "the socket does not exist; check DOCKER_HOST (or DOCKER_HOSTS) and that the engine runs" + MountHint;
        }

        reason ??= ex switch
        {
            OperationCanceledException or TimeoutException => "the engine did not answer in time (DockerTimeout); it may be hung or overloaded",
            DockerApiException api => $"the engine answered HTTP {(int)api.StatusCode}: {Clip(api.ResponseBody)}",
            _ => Clip(ex.GetBaseException().Message),
        };

        return $"Docker Engine API: {reason}";
    }

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }

            if (ex is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } nested)
                    {
                        return nested;
                    }
                }
            }
        }

        return null;
    }

    private static string Clip(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "(no detail)" : SafeText.Printable(text.Trim());
}
