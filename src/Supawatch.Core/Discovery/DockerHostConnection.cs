using Docker.DotNet;

namespace Supawatch.Discovery;

/// <summary>Everything Supawatch holds open to one Docker host: the lean reader, the event client and the container source.</summary>
public sealed class DockerHostConnection : IDisposable
{
    private readonly DockerTls? _tls;

    public DockerHostConnection(DockerHostSpec spec, ContainerNameParser parser, DiscoveryOptions options)
    {
        Spec = spec;
        _tls = spec.CertDir is null ? null : new DockerTls(spec.CertDir);
        Reader = new DockerContainerReader(spec.Endpoint, _tls);
        Client = DockerEndpoint.CreateClient(spec.Endpoint, options.DockerTimeout, _tls);
        Source = new DockerContainerSource(Reader, parser, options, spec.Name);
    }

    public DockerHostSpec Spec { get; }

    /// <summary>The host's name: the <c>host</c> label of its targets and series.</summary>
    public string Name => Spec.Name;

    public DockerContainerReader Reader { get; }
    public IDockerClient Client { get; }
    public DockerContainerSource Source { get; }

    public void Dispose()
    {
        Reader.Dispose();
        Client.Dispose();
        _tls?.Dispose();
    }
}
