using Docker.DotNet;
using Supawatch.Docker;
using Supawatch.Instances;

namespace Supawatch.Discovery;

/// <summary>Everything Supawatch holds open to one Docker host: the lean reader, the event client and the container source.</summary>
public sealed class DockerHostConnection : IDisposable
{
    private readonly DockerTls? _tls;

    public DockerHostConnection(DockerHostSpec spec, ContainerNameParser parser, DiscoveryOptions options)
    {
        Spec = spec;
        UnloadableDockerTls? unloadable = null;
        try
        {
            _tls = spec.CertDir is null ? null : new DockerTls(spec.CertDir);
        }
        catch (DockerTlsException ex)
        {
            // Only this host goes down, saying what to fix; the others are discovered as usual.
            unloadable = new UnloadableDockerTls(ex.Message);
        }

        Reader = unloadable is null ? new DockerContainerReader(spec.Endpoint, _tls) : new DockerContainerReader(unloadable.CreateHandler());
        Client = unloadable is null
            ? DockerEndpoint.CreateClient(spec.Endpoint, options.DockerTimeout, _tls)
            : new DockerClientBuilder().WithEndpoint(spec.Endpoint).WithTimeout(options.DockerTimeout).WithAuthProvider(unloadable).Build();
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
