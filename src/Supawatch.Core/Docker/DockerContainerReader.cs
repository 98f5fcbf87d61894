using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Docker.DotNet;

namespace Supawatch.Docker;

/// <summary>
/// <c>GET /containers/json?all=true</c>, <c>GET /containers/{id}/json</c> and one-shot <c>GET /containers/{id}/stats</c>,
/// read straight from the response stream into models of only the fields Supawatch uses
/// (<see cref="ContainerListEntry"/>, <see cref="ContainerInspect"/>, <see cref="ContainerStatsAnswer"/>).
/// Written by hand instead of Docker.DotNet's <c>ListContainersAsync</c>/<c>InspectContainerAsync</c>/<c>GetContainerStatsAsync</c>:
/// `bash bench/run.sh reconcile-1000` measured the library at about 31 KB allocated per inspect of a 6 KB answer
/// (94 MB for the 3,000 inspects of a 1,000-instance cold reconcile) and 22 MB per list of 3,000 containers;
/// the GC heap grows by about what a reconcile allocates, which kept <c>supawatch serve</c> above its 150 MB
/// goal; stats, 3,000 calls per sweep at 1,000 instances, went the same way. Events still go through Docker.DotNet. Errors keep the library's shape
/// (<see cref="DockerApiException"/>) so callers and <see cref="DockerErrors"/> treat both alike.
/// </summary>
public sealed class DockerContainerReader : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="tls">Client certificate and CA for a TLS <c>tcp://</c> host; null for plain connections.</param>
    public DockerContainerReader(Uri endpoint, DockerTls? tls = null)
    {
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
        tls?.Configure(handler.SslOptions);
        var baseAddress = endpoint.Scheme switch
        {
            "unix" => new Uri("http://docker/"),
            "tcp" => new UriBuilder(tls is null ? "http" : "https", endpoint.Host, endpoint.Port).Uri,
            _ => new Uri(endpoint.GetLeftPart(UriPartial.Authority) + "/"),
        };
        if (endpoint.Scheme == "unix")
        {
            var socketPath = endpoint.LocalPath;
            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixAsync(socketPath, cancellationToken);
        }

        // The caller's token carries the timeout (DockerTimeout), as for every other engine call.
        _http = new HttpClient(tls is null ? handler : tls.Wrap(handler)) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>A reader over <paramref name="handler"/> alone (a host whose TLS folder could not be loaded).</summary>
    public DockerContainerReader(HttpMessageHandler handler)
    {
        _http = new HttpClient(handler) { BaseAddress = new Uri("https://docker/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Every container in every state.</summary>
    /// <exception cref="DockerApiException">The engine answered with an error.</exception>
    public Task<List<ContainerListEntry>> ListAsync(CancellationToken cancellationToken) => ListAsync(known: null, cancellationToken);

    /// <summary>Every container in every state; an entry identical to one <paramref name="known"/> knows comes back <see cref="ContainerListEntry.Unchanged"/>, not decoded.</summary>
    /// <param name="known">The id of the entry a <see cref="ContainerListEntry.ListedHash"/> was read from before.</param>
    /// <exception cref="DockerApiException">The engine answered with an error.</exception>
    public async Task<List<ContainerListEntry>> ListAsync(Func<UInt128, string?>? known, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("containers/json?all=true", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new DockerApiException(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await ContainerListReader.ReadAsync(body, known, cancellationToken);
    }

    /// <summary>The container's inspect answer; null when the engine says it does not exist (any more).</summary>
    /// <exception cref="DockerApiException">The engine answered with another error.</exception>
    public Task<ContainerInspect?> InspectAsync(string containerId, CancellationToken cancellationToken) =>
        InspectAsAsync(containerId, ContainerInspectJson.Default.ContainerInspect, cancellationToken);

    /// <summary>
    /// The container's environment (<c>Config.Env</c> of the inspect answer), for the tenant database collector to find a
    /// <c>_db</c> container's own credentials; null when the container is gone. Kept apart from <see cref="InspectAsync"/>
    /// so discovery's models, which are logged and served, never hold a secret.
    /// </summary>
    /// <exception cref="DockerApiException">The engine answered with another error.</exception>
    public Task<ContainerEnvironmentAnswer?> EnvironmentAsync(string containerId, CancellationToken cancellationToken) =>
        InspectAsAsync(containerId, ContainerEnvironmentJson.Default.ContainerEnvironmentAnswer, cancellationToken);

    /// <summary>
    /// One stats sample; null when the container is gone or not running. Both engines answer 200 for a stopped container:
    /// podman with an empty body, Docker with an all-zero sample read at "0001-01-01T00:00:00Z" (no memory figures), which
    /// would otherwise show as 0 bytes and a CPU counter that went backwards.
    /// </summary>
    /// <exception cref="DockerApiException">The engine answered with another error.</exception>
    public async Task<ContainerStatsAnswer?> StatsAsync(string containerId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(
            $"containers/{Uri.EscapeDataString(containerId)}/stats?stream=false&one-shot=true", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await response.Content.ReadAsStringAsync(cancellationToken);
            return IsNoSuchContainer(response.StatusCode, error) ? null : throw new DockerApiException(response.StatusCode, error);
        }

        // A stats answer is a few KB: read it whole into a pooled buffer and parse it in one synchronous pass, which
        // costs less CPU than the resumable streaming reader, 3,000 times a sweep at 1,000 instances.
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= 1024 * 1024)
                    {
                        throw new DockerApiException(response.StatusCode, "a stats answer of more than 1 MB");
                    }

                    buffer = ContainerListReader.Doubled(buffer, length);
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            var answer = length == 0 ? null : ContainerStatsReader.Read(buffer.AsSpan(0, length));
            return answer?.Read is { } readAt && readAt.StartsWith("0001-01-01", StringComparison.Ordinal) ? null : answer;
        }
        catch (JsonException) when (response.Content.Headers.ContentLength is null or 0)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// <c>GET /containers/{id}/json</c> read into <paramref name="answer"/>'s fields only; null when the engine says the
    /// container does not exist (any more). Inspect and environment read the same answer into different models.
    /// </summary>
    /// <exception cref="DockerApiException">The engine answered with another error, or with an empty body.</exception>
    private async Task<T?> InspectAsAsync<T>(string containerId, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await _http.GetAsync(
            $"containers/{Uri.EscapeDataString(containerId)}/json", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync(body, answer, cancellationToken)
                   ?? throw new DockerApiException(response.StatusCode, "an empty inspect answer");
        }

        var error = await response.Content.ReadAsStringAsync(cancellationToken);
        return IsNoSuchContainer(response.StatusCode, error) ? null : throw new DockerApiException(response.StatusCode, error);
    }

    // Docker answers 404; podman answers 500 "no such container" for a container removed a moment ago.
    private static bool IsNoSuchContainer(HttpStatusCode status, string error) =>
        status == HttpStatusCode.NotFound
        || (status == HttpStatusCode.InternalServerError && error.Contains("no such container", StringComparison.OrdinalIgnoreCase));

    private static async ValueTask<Stream> ConnectUnixAsync(string socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
