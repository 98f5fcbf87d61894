using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Supawatch.Discovery;
using Supawatch.Docker;
using Supawatch.Instances;
using Supawatch.Targets;
using Supawatch.Tests.Http;

namespace Supawatch.Tests.Discovery;

/// <summary>
/// Issue 25, "targets first": a cold reconcile publishes the scrape targets from the container list while the
/// inspects are held back by a Docker Engine served on 127.0.0.1; the inventory (health rounds, the exporter,
/// the status page) sees nothing until the inspects are in, and then exactly what they say.
/// </summary>
public sealed class TargetsFirstTests : IAsyncDisposable
{
    private readonly FakeEngine _engine = new();
    private readonly InventoryStore _store = new();
    private readonly TargetsPreview _preview = new();
    private readonly DiscoveryOptions _options;
    private readonly DockerHostSet _hosts;
    private readonly DiscoveryEngine _discovery;

    public TargetsFirstTests()
    {
        _options = new DiscoveryOptions { DockerHost = $"tcp://127.0.0.1:{_engine.Port}" };
        var parser = new ContainerNameParser(_options.ComponentList);
        _hosts = new DockerHostSet([new DockerHostConnection(new DockerHostSpec("default", new Uri($"tcp://127.0.0.1:{_engine.Port}"), null), parser, _options)]);
        _discovery = new DiscoveryEngine(
            _hosts, null, "", new DiscoveryHealth(false, ["default"]), _store, _options,
            new DiscoveryMetrics(Prometheus.Metrics.NewCustomRegistry(), _options), TimeProvider.System,
            NullLogger<DiscoveryEngine>.Instance, _preview);
    }

    public async ValueTask DisposeAsync()
    {
        _engine.Release();
        _hosts.Dispose();
        await _engine.DisposeAsync();
    }

    [Fact]
    public async Task ColdReconcile_InspectsHeldBack_TargetsFromListFirst_InventoryOnlyAfterInspects()
    {
        var reconcile = _discovery.ReconcileAsync("startup", distrust: false, CancellationToken.None);

        await WaitUntilAsync(() => (_preview.Snapshot is not null && _engine.InspectsWaiting == 2) || reconcile.IsCompleted);
        Assert.False(reconcile.IsCompleted, "the reconcile finished although every inspect is held back");
        Assert.Equal(2, _engine.InspectsWaiting);

        // /sd and instances.json render what the list says: both metrics ports, published on 127.0.0.1.
        var early = Encoding.UTF8.GetString(ScrapeTargets.Render(_preview.For(_store.Current), _options));
        Assert.Contains("\"127.0.0.1:19100\"", early, StringComparison.Ordinal);
        Assert.Contains("\"127.0.0.1:19200\"", early, StringComparison.Ordinal);
        Assert.Contains("\"container_name\": \"t1_rest\"", early, StringComparison.Ordinal);

        // Everything else reads the inventory, which has nothing yet: no restart count of 0 to be followed by 5.
        Assert.Empty(_store.Current.Instances);
        Assert.DoesNotContain(_store.Current.Sources, s => s.Name == DiscoveryHealth.Docker && s.LastSuccess is not null);

        _engine.Release();
        await reconcile.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(_preview.Snapshot);
        var rest = Assert.Single(_store.Current.Instances).Containers.Single(c => c.Component == "rest");
        Assert.Equal(5, rest.RestartCount);
        Assert.Equal("nginx:test", rest.Image);
        // The full inventory's targets are the preview's, label for label: Prometheus sees no target come and go.
        Assert.Equal(early, Encoding.UTF8.GetString(ScrapeTargets.Render(_preview.For(_store.Current), _options)));
    }

    [Fact]
    public async Task WarmReconcile_EverythingCached_NoPreview()
    {
        _engine.Release();
        await _discovery.ReconcileAsync("startup", distrust: false, CancellationToken.None);
        var version = _preview.Current.Version;
        Assert.Equal(2, _engine.Inspects);

        await _discovery.ReconcileAsync("timer", distrust: false, CancellationToken.None);
        await _discovery.ReconcileAsync("event gap", distrust: true, CancellationToken.None);

        // Once the inventory holds Docker's answer, it holds the targets; a distrusting reconcile re-inspects behind it.
        Assert.Equal(version, _preview.Current.Version);
        Assert.Null(_preview.Snapshot);
        Assert.Equal(4, _engine.Inspects);
        Assert.Equal(2, _store.Current.ContainerCount);
    }

    [Fact]
    public async Task WarmReconcile_NothingChanged_KeepsTheInstances_DistrustRebuildsThem()
    {
        _engine.Release();
        await _discovery.ReconcileAsync("startup", distrust: false, CancellationToken.None);
        var built = _store.Current;

        await _discovery.ReconcileAsync("timer", distrust: false, CancellationToken.None);
        var kept = _store.Current;
        await _discovery.ReconcileAsync("event gap", distrust: true, CancellationToken.None);
        var rebuilt = _store.Current;

        // Issue 25: the same cached containers build the same instances, so the snapshot keeps them; only its version,
        // time and sources are new. Fresh inspects are new objects: the instances are built again.
        Assert.Equal(built.Version + 1, kept.Version);
        Assert.Same(built.Instances[0], kept.Instances[0]);
        Assert.Equal(kept.Version + 1, rebuilt.Version);
        Assert.NotSame(kept.Instances[0], rebuilt.Instances[0]);
        Assert.Equal(kept.Instances[0].InstanceId, rebuilt.Instances[0].InstanceId);
    }

    [Fact]
    public async Task WarmReconcile_UnchangedListEntries_NotInspected_AChangedEntryIs()
    {
        _engine.Release();
        await _discovery.ReconcileAsync("startup", distrust: false, CancellationToken.None);
        await _discovery.ReconcileAsync("timer", distrust: false, CancellationToken.None);
        await _discovery.ReconcileAsync("timer", distrust: false, CancellationToken.None);
        Assert.Equal(2, _engine.Inspects);
        var kept = _store.Current.Instances[0];

        // A byte changed in one entry: it is read whole again, and its status names a health the cached inspect does
        // not hold, so that container (only) is inspected again, on every list while they disagree.
        _engine.RestStatus = "Up 2 days (unhealthy)";
        await _discovery.ReconcileAsync("timer", distrust: false, CancellationToken.None);
        Assert.Equal(3, _engine.Inspects);
        await _discovery.ReconcileAsync("timer", distrust: false, CancellationToken.None);
        Assert.Equal(4, _engine.Inspects);

        // Back as it was: agreeing again with the cached inspect, then known by its bytes.
        _engine.RestStatus = "Up 2 days";
        await _discovery.ReconcileAsync("timer", distrust: false, CancellationToken.None);
        await _discovery.ReconcileAsync("timer", distrust: false, CancellationToken.None);
        Assert.Equal(4, _engine.Inspects);
        Assert.Equal(2, _store.Current.ContainerCount);
        Assert.Equal(kept.InstanceId, _store.Current.Instances[0].InstanceId);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25);
        }
    }

    /// <summary>A Docker Engine API of two containers on 127.0.0.1 whose inspects wait for <see cref="Release"/>.</summary>
    private sealed class FakeEngine : IAsyncDisposable
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly LoopbackHttpServer _server;
        private int _waiting;
        private int _inspects;

        public FakeEngine() => _server = new LoopbackHttpServer(FreePort(), AnswerAsync, concurrent: true);

        public int Port => _server.Port;

        public int InspectsWaiting => Volatile.Read(ref _waiting);

        public int Inspects => Volatile.Read(ref _inspects);

        /// <summary>What the list says of <c>t1_rest</c>'s status.</summary>
        public string RestStatus { get; set; } = "Up 2 days";

        public void Release() => _release.TrySetResult();

        public ValueTask DisposeAsync() => _server.DisposeAsync();

        private async Task AnswerAsync(HttpListenerContext context)
        {
            var path = context.Request.Url!.AbsolutePath;
            string body;
            if (path.EndsWith("/containers/json", StringComparison.Ordinal))
            {
                body = $"[{ListEntry("rest", 9100, 19100, RestStatus)},{ListEntry("auth", 9200, 19200, "Up 2 days")}]";
            }
            else
            {
                Interlocked.Increment(ref _waiting);
                await _release.Task;
                Interlocked.Decrement(ref _waiting);
                Interlocked.Increment(ref _inspects);
                body = path.Contains("t1_rest", StringComparison.Ordinal) ? Inspect("rest", 9100, 19100) : Inspect("auth", 9200, 19200);
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }

        private static string Labels(string component, int port) =>
            $$"""{"supawatch.instance_id":"t1","supawatch.component":"{{component}}","supawatch.metrics_port":"{{port}}"}""";

        private static string ListEntry(string component, int port, int hostPort, string status) =>
            $$"""{"Id":"t1_{{component}}","Names":["/t1_{{component}}"],"Image":"nginx:test","Ports":[{"IP":"127.0.0.1","PrivatePort":{{port}},"PublicPort":{{hostPort}},"Type":"tcp"},{"PrivatePort":80,"Type":"tcp"}],"Labels":{{Labels(component, port)}},"State":"running","Status":"{{status}}"}""";

        private static string Inspect(string component, int port, int hostPort) =>
            $$$"""
            {"Id":"t1_{{{component}}}","Name":"/t1_{{{component}}}","Created":"2026-01-01T00:00:00Z","RestartCount":5,"Image":"sha256:1",
             "State":{"Status":"running","Running":true,"ExitCode":0,"StartedAt":"2026-01-02T00:00:00Z","FinishedAt":"0001-01-01T00:00:00Z"},
             "Config":{"Image":"nginx:test","Labels":{{{Labels(component, port)}}},"Env":[]},
             "NetworkSettings":{"Ports":{"{{{port}}}/tcp":[{"HostIp":"127.0.0.1","HostPort":"{{{hostPort}}}"}],"80/tcp":null}},
             "HostConfig":{"PortBindings":{"{{{port}}}/tcp":[{"HostIp":"127.0.0.1","HostPort":"{{{hostPort}}}"}] } } }
            """;

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
